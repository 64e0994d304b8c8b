import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning, type SignedRecordRef } from '@/lib/signing/complete-signing';
import { createSigningRequest, type CreatedSigningRequest } from '@/lib/signing/create-signing-request';
import { finishRegistration } from '@/lib/signing/finish-registration';
import type { SigningOrder } from '@/lib/signing/signer-list';
import type { Context } from '@/lib/context';
import type { DocumentView } from '@/lib/documents/upload-document';
import { TEST_ORIGIN, TEST_RP_ID, upload } from './context';
import { SoftAuthenticator } from './soft-authenticator';

export const meta = { ip: '192.0.2.7', userAgent: 'vitest' };

export const newPasskey = (): SoftAuthenticator => new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });

/** Uploads a document and asks `names` to sign it (each with an e-mail of their own). */
export async function requestSigners(
  ctx: Context,
  names: string[],
  order: SigningOrder = 'sequential',
  bytes = `%PDF-1.4 contract for ${names.join(', ')} ${Math.random()}`,
): Promise<CreatedSigningRequest & { document: DocumentView }> {
  const document = await upload(ctx, bytes);
  const created = await createSigningRequest(ctx, {
    documentId: document.id,
    title: 'Partnership agreement',
    documentType: 'contract',
    signers: names.map((name) => ({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}+${document.id.slice(0, 8)}@example.com` })),
    order,
  });
  return { ...created, document };
}

/** Registers a passkey for the token's signer, so the next beginSigning is a signing challenge. */
export async function register(ctx: Context, token: string, passkey: SoftAuthenticator): Promise<void> {
  const reg = await beginSigning(ctx, token);
  if (reg.kind !== 'registration') throw new Error('expected a registration challenge for a new signer');
  await finishRegistration(ctx, token, passkey.register(reg.options.challenge));
}

/** A signing challenge and its statement text for the token's signer (who has a passkey). */
export async function challengeFor(ctx: Context, token: string): Promise<{ challenge: string; statement: string }> {
  const begin = await beginSigning(ctx, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge for a signer with a passkey');
  return { challenge: begin.options.challenge, statement: begin.statement };
}

/** Registers (when needed) and signs as the token's signer. */
export async function signAs(ctx: Context, token: string, passkey: SoftAuthenticator, registered = false): Promise<SignedRecordRef> {
  if (!registered) await register(ctx, token, passkey);
  const { challenge } = await challengeFor(ctx, token);
  return completeSigning(ctx, token, passkey.assert(challenge), meta);
}
