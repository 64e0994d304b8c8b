import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { DEFAULT_LOCALE, isLocale, type Locale } from '../i18n/locales';
import { organizationName } from '../organization/organization-name';
import { enqueueEmails, enqueueWebhooks } from './enqueue';

/**
 * The notifications of a signing request's life, one call per event, each made inside the
 * transaction that records the event. Kept apart from the signing code so the code that decides
 * when an event happens (one signer or steps of several) only has to call the matching verb.
 */

export interface RequestCreatedNotice {
  requestId: string;
  title: string;
  documentType: string;
  /** Every signer in signing order; `signUrl` is only e-mailed to that signer, never sent to webhooks (it is a bearer token). */
  signers: { name: string; email: string | null; step: number; signUrl: string }[];
  requestedBy: string | null;
  expiresAt: Date;
}

/**
 * request.created: invitations to the signers of the first step who have an e-mail address, and the
 * webhooks. Later steps' links exist only as hashes after this transaction, so their signers get
 * their link from the uploader (the request page lists it).
 */
export async function notifyRequestCreated(tx: Db, ctx: Context, n: RequestCreatedNotice, actor?: Actor): Promise<void> {
  const requester = n.requestedBy ?? actorName(actor) ?? (await organizationName(ctx, tx));
  const firstStep = Math.min(...n.signers.map((s) => s.step));
  const invited = n.signers.filter((s) => s.step === firstStep && s.email);
  if (invited.length > 0) {
    const locale = await requesterLocale(tx, actor);
    await enqueueEmails(
      tx,
      ctx,
      'request.created',
      invited.map((s) => ({
        to: s.email!,
        template: 'invitation' as const,
        locale,
        params: { title: n.title, signerName: s.name, requester, expiresAt: n.expiresAt.toISOString(), signUrl: s.signUrl },
      })),
    );
  }
  const first = n.signers[0]!;
  await enqueueWebhooks(tx, ctx, 'request.created', {
    requestId: n.requestId,
    title: n.title,
    documentType: n.documentType,
    signer: { name: first.name, email: first.email },
    signers: n.signers.map((s) => ({ name: s.name, email: s.email, step: s.step })),
    requestedBy: n.requestedBy,
    expiresAt: n.expiresAt.toISOString(),
  });
}

export type RequestOutcome = 'signed' | 'declined' | 'expired';

/**
 * request.signed / request.declined / request.expired: the uploader's e-mail and the webhooks.
 * `signerId` names who acted (the signer who declined); by default the request's first signer.
 */
export async function notifyRequestFinished(tx: Db, ctx: Context, requestId: string, outcome: RequestOutcome, signerId?: string): Promise<void> {
  const r = schema.signingRequests;
  const [row] = await tx
    .select({ id: r.id, title: r.title, signedAt: r.signedAt, declinedAt: r.declinedAt, declineReason: r.declineReason, expiresAt: r.expiresAt, signerName: schema.signers.displayName, signerEmail: schema.signers.email })
    .from(r)
    .innerJoin(schema.signers, signerId ? eq(schema.signers.id, signerId) : eq(schema.signers.id, r.signerId))
    .where(eq(r.id, requestId));
  if (!row) return;
  const when = (outcome === 'signed' ? row.signedAt : outcome === 'declined' ? row.declinedAt : row.expiresAt) ?? ctx.clock.now();
  const uploader = await uploaderAddress(tx, requestId);
  if (uploader) {
    await enqueueEmails(tx, ctx, `request.${outcome}`, [
      {
        to: uploader.email,
        template: outcome,
        locale: uploader.locale,
        params: { title: row.title, signerName: row.signerName, when: when.toISOString(), reason: outcome === 'declined' ? row.declineReason : null, url: `${ctx.config.origin}/requests/${row.id}` },
      },
    ]);
  }
  await enqueueWebhooks(tx, ctx, `request.${outcome}`, {
    requestId: row.id,
    title: row.title,
    signer: { name: row.signerName, email: row.signerEmail },
    at: when.toISOString(),
    ...(outcome === 'declined' ? { reason: row.declineReason } : {}),
  });
}

/**
 * request.opened: a signer opened their link for the first time (once per signer: with several
 * signers each opening is its own event). Webhooks only; the link itself is never sent.
 */
export async function notifyRequestOpened(tx: Db, ctx: Context, requestId: string, slotId: string): Promise<void> {
  const rs = schema.requestSigners;
  const [row] = await tx
    .select({ title: schema.signingRequests.title, openedAt: rs.openedAt, step: rs.step, name: schema.signers.displayName, email: schema.signers.email })
    .from(rs)
    .innerJoin(schema.signingRequests, eq(schema.signingRequests.id, rs.requestId))
    .innerJoin(schema.signers, eq(schema.signers.id, rs.signerId))
    .where(and(eq(rs.id, slotId), eq(rs.requestId, requestId)));
  if (!row) return;
  await enqueueWebhooks(tx, ctx, 'request.opened', {
    requestId,
    title: row.title,
    signer: { name: row.name, email: row.email, step: row.step },
    at: (row.openedAt ?? ctx.clock.now()).toISOString(),
  });
}

/** request.cancelled: staff cancelled a live request (who, and why). Webhooks only. */
export async function notifyRequestCancelled(tx: Db, ctx: Context, requestId: string, actor?: Actor): Promise<void> {
  const r = schema.signingRequests;
  const [row] = await tx.select({ title: r.title, cancelledAt: r.cancelledAt, reason: r.cancelReason }).from(r).where(eq(r.id, requestId));
  if (!row) return;
  await enqueueWebhooks(tx, ctx, 'request.cancelled', {
    requestId,
    title: row.title,
    reason: row.reason,
    cancelledBy: actor?.kind === 'staff' || actor?.kind === 'api_key' ? { kind: actor.kind, id: actor.id, name: actor.name } : null,
    at: (row.cancelledAt ?? ctx.clock.now()).toISOString(),
  });
}

/** The address the request's creator (staff member or API key) asked notifications to go to, and their language. */
async function uploaderAddress(tx: Db, requestId: string): Promise<{ email: string; locale: Locale } | null> {
  const o = schema.resourceOwners;
  const [owner] = await tx.select({ kind: o.ownerKind, id: o.ownerId }).from(o).where(and(eq(o.resourceKind, 'request'), eq(o.resourceId, requestId)));
  if (!owner) return null;
  const a = schema.notifyAddresses;
  const [address] = await tx.select({ email: a.email, locale: a.locale }).from(a).where(and(eq(a.ownerKind, owner.kind), eq(a.ownerId, owner.id)));
  if (!address) return null;
  const setting = owner.kind === 'staff' ? await staffLocale(tx, { kind: 'staff', id: owner.id }, null) : null;
  return { email: address.email, locale: setting ?? (isLocale(address.locale) ? address.locale : DEFAULT_LOCALE) };
}

/** The signer's language is unknown: the requester's (their setting, else their notification address's), else the default. */
async function requesterLocale(tx: Db, actor: Actor | undefined): Promise<Locale> {
  const setting = await staffLocale(tx, actor, null);
  if (setting) return setting;
  if (actor?.kind !== 'staff' && actor?.kind !== 'api_key') return DEFAULT_LOCALE;
  const a = schema.notifyAddresses;
  const [address] = await tx.select({ locale: a.locale }).from(a).where(and(eq(a.ownerKind, actor.kind), eq(a.ownerId, actor.id)));
  return isLocale(address?.locale) ? address.locale : DEFAULT_LOCALE;
}

/** The staff member's language setting; `fallback` when there is none. */
async function staffLocale<F extends Locale | null>(tx: Db, actor: Actor | { kind: 'staff'; id: string } | undefined, fallback: F): Promise<Locale | F> {
  if (!actor || actor.kind !== 'staff') return fallback;
  const [user] = await tx.select({ locale: schema.staffUsers.locale }).from(schema.staffUsers).where(eq(schema.staffUsers.id, actor.id));
  return isLocale(user?.locale) ? user.locale : fallback;
}

/** A staff member asks in their own name; an API key's name describes a system, not a person. */
function actorName(actor: Actor | undefined): string | undefined {
  return actor?.kind === 'staff' ? actor.name : undefined;
}
