import { and, asc, eq, gt, gte, inArray, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { organizationName } from '../organization/organization-name';
import { enqueueEmails, type EmailItem } from './enqueue';
import { requestOwnerLocale } from './request-owner';

/** How long before expiry a signer who still has to sign is reminded. */
export const REMINDER_BEFORE_MS = 24 * 3_600_000;
/** Signatures younger than this still get their receipt (a server down longer skips older ones). */
export const RECEIPT_WINDOW_MS = 24 * 3_600_000;
/** How often the server looks for receipts and reminders that are due. */
export const SIGNER_MAIL_SWEEP_MS = 10_000;

/**
 * E-mails to signers that follow from what the database already holds rather than from one call:
 * the receipt after a signature and the reminder 24 h before a request expires. Each is an outbox
 * row whose id is derived from what it is about (`receipt-<record id>`, `reminder-<signer slot id>`),
 * inserted with ON CONFLICT DO NOTHING: however many instances sweep, and however often, each is
 * written once, and a crash between a signature's commit and its receipt loses nothing (the next
 * sweep writes it). Returns how many rows were written.
 */
export async function sweepSignerMails(ctx: Context): Promise<{ receipts: number; reminders: number }> {
  if (!ctx.config.mail) return { receipts: 0, reminders: 0 };
  return { receipts: await enqueueReceipts(ctx), reminders: await enqueueReminders(ctx) };
}

async function enqueueReceipts(ctx: Context): Promise<number> {
  const now = ctx.clock.now();
  const rs = schema.requestSigners;
  const rec = schema.signatureRecords;
  const r = schema.signingRequests;
  const rows = await ctx.db
    .select({ recordId: rec.id, requestId: r.id, title: r.title, documentId: r.documentId, signedAt: rec.signedAt, name: schema.signers.displayName, email: schema.signers.email })
    .from(rec)
    .innerJoin(r, eq(r.id, rec.requestId))
    .innerJoin(schema.signers, eq(schema.signers.id, rec.signerId))
    .where(
      and(
        gte(rec.signedAt, new Date(now.getTime() - RECEIPT_WINDOW_MS)),
        isNotNull(schema.signers.email),
        sql`not exists (select 1 from ${schema.outbox} where ${schema.outbox.id} = 'receipt-' || ${rec.id})`,
      ),
    )
    .limit(50);
  let written = 0;
  for (const row of rows) {
    const [document] = await ctx.db.select({ name: schema.documents.originalName, sha256: schema.documents.sha256 }).from(schema.documents).where(eq(schema.documents.id, row.documentId));
    const [leaf] = await ctx.db.select({ idx: schema.ledgerLeaves.idx }).from(schema.ledgerLeaves).where(eq(schema.ledgerLeaves.recordId, row.recordId));
    const signedSoFar = await ctx.db
      .select({ name: schema.signers.displayName })
      .from(rs)
      .innerJoin(schema.signers, eq(schema.signers.id, rs.signerId))
      .where(and(eq(rs.requestId, row.requestId), eq(rs.status, 'signed')))
      .orderBy(asc(rs.signedAt), asc(rs.position));
    const item: EmailItem = {
      id: `receipt-${row.recordId}`,
      to: row.email!,
      template: 'signerReceipt',
      locale: await requestOwnerLocale(ctx.db, row.requestId),
      params: {
        title: row.title,
        signerName: row.name,
        when: row.signedAt.toISOString(),
        document: document?.name ?? '',
        sha256: document?.sha256 ?? '',
        ledgerIndex: leaf ? String(leaf.idx) : '—',
        signers: signedSoFar.map((s) => s.name).join(', '),
        recordId: row.recordId,
        requestId: row.requestId,
      },
    };
    written += await ctx.db.transaction((tx) => enqueueEmails(tx, ctx, 'signer.receipt', [item]));
  }
  return written;
}

async function enqueueReminders(ctx: Context): Promise<number> {
  const now = ctx.clock.now();
  const rs = schema.requestSigners;
  const r = schema.signingRequests;
  const rows = await ctx.db
    .select({ slotId: rs.id, requestId: r.id, title: r.title, requestedBy: r.requestedBy, expiresAt: r.expiresAt, name: schema.signers.displayName, email: schema.signers.email })
    .from(rs)
    .innerJoin(r, eq(r.id, rs.requestId))
    .innerJoin(schema.signers, eq(schema.signers.id, rs.signerId))
    .where(
      and(
        inArray(r.status, ['pending', 'opened']),
        gt(r.expiresAt, now),
        lte(r.expiresAt, new Date(now.getTime() + REMINDER_BEFORE_MS)),
        // A request that lives barely longer than a day would be "reminded" right after its invitation.
        sql`${r.createdAt} + interval '1 hour' <= ${r.expiresAt} - interval '24 hours'`,
        inArray(rs.status, ['pending', 'opened']),
        isNotNull(schema.signers.email),
        // Only signers whose step is open: a later step's link cannot be signed yet.
        sql`${rs.step} = (select min(x.step) from ${rs} x where x.request_id = ${rs.requestId} and x.status <> 'signed')`,
        sql`not exists (select 1 from ${schema.outbox} where ${schema.outbox.id} = 'reminder-' || ${rs.id})`,
      ),
    )
    .limit(50);
  let written = 0;
  for (const row of rows) {
    const requester = row.requestedBy ?? (await ownerName(ctx, row.requestId)) ?? (await organizationName(ctx));
    const item: EmailItem = {
      id: `reminder-${row.slotId}`,
      to: row.email!,
      template: 'expiryReminder',
      locale: await requestOwnerLocale(ctx.db, row.requestId),
      params: { title: row.title, signerName: row.name, requester, expiresAt: row.expiresAt.toISOString() },
    };
    written += await ctx.db.transaction((tx) => enqueueEmails(tx, ctx, 'request.reminder', [item]));
  }
  return written;
}

/** The staff member who created the request, by name (an API key's name describes a system, not a person). */
async function ownerName(ctx: Context, requestId: string): Promise<string | null> {
  const o = schema.resourceOwners;
  const [row] = await ctx.db
    .select({ name: schema.staffUsers.name })
    .from(o)
    .innerJoin(schema.staffUsers, and(eq(o.ownerKind, 'staff'), eq(schema.staffUsers.id, o.ownerId)))
    .where(and(eq(o.resourceKind, 'request'), eq(o.resourceId, requestId), ne(o.ownerKind, 'api_key')));
  return row?.name ?? null;
}

/** Runs the sweep at start and every SIGNER_MAIL_SWEEP_MS; a failure is logged and tried again. Returns a stop function. */
export function startSignerMailSweep(ctx: Context): () => void {
  let running = false;
  const sweep = () => {
    if (running) return;
    running = true;
    sweepSignerMails(ctx)
      .catch((e: unknown) => console.error('[signet] signer e-mail sweep failed; retrying shortly', e))
      .finally(() => {
        running = false;
      });
  };
  sweep();
  const timer = setInterval(sweep, SIGNER_MAIL_SWEEP_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
