import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { loadBatchView } from './batch-view';
import { issueSheetLinks } from './issue-sheet-links';
import { renderBatchSheet, type BatchSheetFacts, type SheetView } from './render-batch-sheet';

export interface BatchSheetDownload {
  bytes: Uint8Array;
  fileName: string;
}

/**
 * The printable QR sheet of a batch (lib/batches/render-batch-sheet.ts). Printing issues fresh
 * links (lib/batches/issue-sheet-links.ts): the earlier sheet and links stop working.
 */
export async function getBatchSheet(ctx: Context, id: string, view: SheetView, actor?: Actor): Promise<BatchSheetDownload> {
  await assertVisible(ctx, actor, 'batch', id, `expected an existing batch id, got "${id}"`);
  const batch = await loadBatchView(ctx.db, ctx.clock.now(), id);
  const links = await issueSheetLinks(ctx, batch, view.locale);
  const signers = new Map<string, BatchSheetFacts['signers'][number]>();
  for (const d of batch.documents) {
    for (const s of d.request.signers) {
      if (!signers.has(s.signerId)) signers.set(s.signerId, { name: s.displayName, email: s.email, queueUrl: links.queues.get(s.signerId) ?? null });
    }
  }
  const facts: BatchSheetFacts = {
    batchId: batch.id,
    name: batch.name,
    createdBy: batch.createdBy,
    createdAt: new Date(batch.createdAt),
    expiresAt: new Date(batch.expiresAt),
    counts: batch.counts,
    signers: [...signers.values()],
    documents: batch.documents.map((d) => {
      const link = links.documents.get(d.request.id);
      const slot = link ? d.request.signers.find((s) => s.id === link.slotId) : undefined;
      return {
        title: d.request.title,
        documentType: d.request.documentType,
        priority: d.priority,
        sha256: d.request.document.sha256,
        status: d.request.status,
        expiresAt: new Date(d.request.expiresAt),
        signUrl: link?.signUrl ?? null,
        signerName: slot?.displayName ?? null,
        matchingCode: slot?.matchingCode ?? null,
      };
    }),
  };
  return { bytes: await renderBatchSheet(facts, view), fileName: `signet-batch-${batch.id}-${view.locale}.pdf` };
}
