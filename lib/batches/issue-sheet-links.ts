import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Context } from '../context';
import { buildSignUrl } from '../signing/sign-url';
import { hashSigningToken, newSigningToken } from '../signing/token';
import { queueUrl } from './batch-documents';
import type { BatchView } from './batch-view';

export interface SheetLinks {
  /** signerId → the new queue link. */
  queues: Map<string, string>;
  /** requestId → the new signing link of the signer whose turn it is, and who that is. */
  documents: Map<string, { signUrl: string; slotId: string }>;
}

const live = ['pending', 'opened'];

/**
 * Issues the links a printed sheet carries. Only the SHA-256 of a link's token is stored
 * (docs/batches.md), so a sheet cannot re-show the links handed out earlier: printing replaces
 * each waiting document's link for the signer whose turn it is (as reissueSigningLink does) and
 * each signer's queue link, in one transaction. The earlier links and sheets stop working at once,
 * which is also what makes a lost sheet harmless once a new one is printed.
 * A batch that is no longer open gets no links: its sheet only states what happened.
 */
export async function issueSheetLinks(ctx: Context, view: BatchView, lang: string): Promise<SheetLinks> {
  const links: SheetLinks = { queues: new Map(), documents: new Map() };
  if (view.status !== 'open') return links;
  const origin = ctx.config.origin;
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.select({ status: schema.batches.status }).from(schema.batches).where(eq(schema.batches.id, view.id)).for('update');
    if (row?.status !== 'open') return;
    for (const d of view.documents) {
      const r = d.request;
      if (r.status !== 'pending' && r.status !== 'opened') continue;
      const slot = r.signers.find((s) => s.step === r.currentStep && s.status !== 'signed');
      if (!slot) continue;
      const token = newSigningToken(ctx.random);
      const updated = await tx
        .update(schema.requestSigners)
        .set({ tokenHash: hashSigningToken(token) })
        .where(and(eq(schema.requestSigners.id, slot.id), inArray(schema.requestSigners.status, live)))
        .returning({ id: schema.requestSigners.id });
      if (updated.length === 0) continue;
      const meta = { documentSha256: r.document.sha256, size: r.document.size, expiresAt: new Date(r.expiresAt), title: r.title };
      links.documents.set(r.id, { signUrl: buildSignUrl(origin, token, meta, lang), slotId: slot.id });
    }
    const signers = await tx.select({ id: schema.batchSigners.id, signerId: schema.batchSigners.signerId }).from(schema.batchSigners).where(eq(schema.batchSigners.batchId, view.id));
    for (const s of signers) {
      const token = newSigningToken(ctx.random);
      await tx.update(schema.batchSigners).set({ tokenHash: hashSigningToken(token) }).where(eq(schema.batchSigners.id, s.id));
      links.queues.set(s.signerId, queueUrl(origin, token));
    }
  });
  return links;
}
