import { eq } from 'drizzle-orm';
import { Readable } from 'node:stream';
import { schema } from '@/db/client';
import type { Context } from '../context';

export type SealedPdfRow = typeof schema.sealedPdfs.$inferSelect;

export type SealOutcome =
  | { ok: true; bytes: Uint8Array; kind: string; fallback?: string; signatures: number }
  | { ok: false; errorCode: string; errorMessage: string };

/** Reads a blob fully (the PDF library works on bytes in memory). */
export async function readAll(ctx: Context, sha256: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.blobs.open(sha256)) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function findSealedPdf(ctx: Context, requestId: string): Promise<SealedPdfRow | undefined> {
  const [row] = await ctx.db.select().from(schema.sealedPdfs).where(eq(schema.sealedPdfs.requestId, requestId));
  return row;
}

/** Records an attempt: a success stores the bytes and replaces any earlier failure; a failure never replaces a success. */
export async function saveSealOutcome(ctx: Context, requestId: string, outcome: SealOutcome): Promise<SealedPdfRow> {
  const now = ctx.clock.now();
  const before = await findSealedPdf(ctx, requestId);
  const attempts = (before?.attempts ?? 0) + 1;
  let values: SealedPdfRow;
  if (outcome.ok) {
    const stored = await ctx.blobs.put(Readable.from([Buffer.from(outcome.bytes)]), { maxBytes: Number.MAX_SAFE_INTEGER });
    values = {
      requestId, status: 'sealed', sha256: stored.sha256, size: stored.size, kind: outcome.kind, fallback: outcome.fallback ?? null,
      signatures: outcome.signatures, errorCode: null, errorMessage: null, attempts, sealedAt: now, updatedAt: now,
    };
  } else {
    if (before?.status === 'sealed') return before;
    values = {
      requestId, status: 'failed', sha256: null, size: null, kind: null, fallback: null, signatures: null,
      errorCode: outcome.errorCode, errorMessage: outcome.errorMessage.slice(0, 1000), attempts, sealedAt: null, updatedAt: now,
    };
  }
  const [row] = await ctx.db.insert(schema.sealedPdfs).values(values).onConflictDoUpdate({ target: schema.sealedPdfs.requestId, set: values }).returning();
  if (!row) throw new Error(`expected the sealed_pdfs row of ${requestId} to be written`);
  return row;
}
