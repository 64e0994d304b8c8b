import type { Context } from '../../context';
import type { MailTemplate } from './templates';

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

/** What a template's source adds at delivery time: files, and params that depend on them (e.g. `sealed`). */
export interface MailExtras {
  attachments: MailAttachment[];
  params?: Record<string, string | number | null>;
}

/**
 * Attachments are made when the message is delivered, not when it is queued: a receipt's evidence
 * bundle needs the committed record and ledger entry, and the outbox row should not carry megabytes.
 * The code that makes them (evidence, sealed PDF) sits in a layer above notifications, so the server
 * hands the worker these sources (lib/server-start.ts) instead of notifications importing upwards.
 */
export type AttachmentSources = Partial<Record<MailTemplate, (ctx: Context, params: Record<string, string | number | null>) => Promise<MailExtras>>>;

/** Templates that must not go out without their attachments (a receipt without its evidence is no receipt). */
export const NEEDS_ATTACHMENTS: ReadonlySet<MailTemplate> = new Set(['signerReceipt']);
