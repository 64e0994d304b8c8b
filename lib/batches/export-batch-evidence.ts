import { once } from 'node:events';
import { Readable } from 'node:stream';
import { ZipArchive } from 'archiver';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { getEvidence } from '../evidence/get-evidence';
import { loadBatchView } from './batch-view';

export interface BatchEvidenceExport {
  fileName: string;
  /** The ZIP, produced while it is read. */
  stream: ReadableStream<Uint8Array>;
  /** The entries it will hold, in signing order. */
  entries: string[];
}

/** A file name that keeps the title readable yet is safe in every unzip tool: no path separators, no controls. */
function entryName(n: number, title: string, requestId: string): string {
  const safe = [...title.normalize('NFC')].filter((c) => !/[\p{Cc}\\/:*?"<>|]/u.test(c)).join('').replace(/\s+/g, ' ').trim().slice(0, 60) || 'document';
  return `${String(n).padStart(3, '0')}-${safe}-${requestId}.json`;
}

/**
 * Every evidence bundle of a batch's signed documents as one ZIP (APPNOTE 6.3.x via archiver),
 * one entry per signed request in signing order: the bundle `GET /api/records/{id}/evidence`
 * answers for its latest record (a v2 bundle covering every signer of a multi-signer request).
 * The ZIP is streamed: each bundle is assembled only once the reader has taken the previous one,
 * so a 500-document batch never sits in memory whole. Documents not signed (waiting, declined,
 * expired, cancelled) have no bundle and no entry.
 */
export async function exportBatchEvidence(ctx: Context, id: string, actor?: Actor): Promise<BatchEvidenceExport> {
  await assertVisible(ctx, actor, 'batch', id, `expected an existing batch id, got "${id}"`);
  const batch = await loadBatchView(ctx.db, ctx.clock.now(), id);
  const signed = batch.documents.filter((d) => d.request.status === 'signed' && d.request.recordId);
  const entries = signed.map((d, i) => entryName(i + 1, d.request.title, d.request.id));
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const date = ctx.clock.now();
  void (async () => {
    for (const [i, d] of signed.entries()) {
      const bundle = await getEvidence(ctx, d.request.recordId!, actor);
      zip.append(`${JSON.stringify(bundle, null, 2)}\n`, { name: entries[i]!, date });
      // 'entry' fires once archiver has written the entry out, which waits for the reader.
      await once(zip, 'entry');
    }
    await zip.finalize();
  })().catch((e: unknown) => zip.destroy(e instanceof Error ? e : new Error(String(e))));
  return { fileName: `signet-batch-${batch.id}-evidence.zip`, stream: Readable.toWeb(zip) as ReadableStream<Uint8Array>, entries };
}
