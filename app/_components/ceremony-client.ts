'use client';

import { bufferToBase64URLString, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { ApiError, apiJson } from './hash-file';

/** The phone's side of the ceremony, apart from rendering: download, messages, the passkey steps. */
export type Step = 'idle' | 'registering' | 'signing' | 'signed' | 'declining' | 'declined';

export const FRIENDLY: Record<string, string> = {
  TOKEN_UNKNOWN: 'This signing link is not valid. It may have been mistyped or replaced by a newer link — ask the sender for a new QR code.',
  REQUEST_EXPIRED: 'This signing request has expired. Ask the sender for a new one.',
  REQUEST_DECLINED: 'This signing request was declined.',
  REQUEST_ALREADY_SIGNED: 'This document has already been signed.',
  DOCUMENT_TAMPERED: 'The stored document no longer matches the one this request was made for. Do not sign; contact the sender.',
  USER_VERIFICATION_REQUIRED: 'Your device did not verify you (PIN, fingerprint or face). Signet needs that to accept a signature. Try again and confirm with your screen lock.',
  CHALLENGE_EXPIRED: 'The signing step took longer than 5 minutes. Please try again.',
  CHALLENGE_USED: 'That signing attempt was already used. Please try again.',
  // — pki — the organisation's side failed; the request stays open, nothing was signed.
  CERT_EXPIRED: "The sender's signing certificate has expired, so nothing was signed. Your request stays open: ask the sender to renew it, then sign again with this same link.",
  CERT_NOT_YET_VALID: "The sender's signing certificate is not valid yet, so nothing was signed. Your request stays open: try again later with this same link.",
  CERT_REVOKED: "The sender's signing certificate was revoked, so nothing was signed. Your request stays open: ask the sender to renew it, then sign again with this same link.",
  TSA_UNAVAILABLE: 'The time-stamping service did not answer, so nothing was signed. Your request stays open: try again in a minute.',
  NotAllowedError: 'The passkey prompt was cancelled or timed out. Try again when you are ready.',
};

export function explain(e: unknown): string {
  if (e instanceof ApiError) return FRIENDLY[e.code] ?? `${e.message} (${e.code})`;
  const err = e as Error;
  return FRIENDLY[err.name] ?? err.message ?? String(e);
}

export async function downloadDocument(token: string, onProgress: (received: number) => void): Promise<Blob> {
  const res = await fetch(`/api/ceremonies/${token}/document`, { cache: 'no-store' });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? 'download failed', res.status);
  }
  const reader = res.body.getReader();
  const parts: BlobPart[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onProgress(received);
  }
  return new Blob(parts, { type: res.headers.get('content-type') ?? 'application/octet-stream' });
}

type BeginResult = { kind: 'registration' | 'signing'; options: never; statement?: string };

/**
 * Registers a passkey when the signer has none, then signs. Before the passkey is asked, the phone
 * checks that the challenge really commits to the document it just hashed: the statement names that
 * hash and challenge = base64url(SHA-256(statement)). A server that tried to have a different
 * document signed is caught here.
 */
export async function signWithPasskey(
  token: string,
  documentSha256: string,
  onStep: (step: Step, statement?: string) => void,
): Promise<{ signedAt: string }> {
  let begin = await apiJson<BeginResult>(`/api/ceremonies/${token}/begin`, { method: 'POST' });
  if (begin.kind === 'registration') {
    onStep('registering');
    const registration = await startRegistration({ optionsJSON: begin.options });
    await apiJson(`/api/ceremonies/${token}/registration`, { method: 'POST', body: JSON.stringify({ response: registration }) });
    begin = await apiJson<BeginResult>(`/api/ceremonies/${token}/begin`, { method: 'POST' });
  }
  const statement = begin.statement ?? '';
  onStep('signing', statement);
  if (!statement.includes(`\ndocument-sha256:${documentSha256}\n`)) {
    throw new Error('The server asked to sign a statement for a different document. Signing was stopped.');
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(statement));
  if ((begin.options as { challenge: string }).challenge !== bufferToBase64URLString(digest)) {
    throw new Error('The signing challenge does not match the statement. Signing was stopped.');
  }
  const assertion = await startAuthentication({ optionsJSON: begin.options });
  return apiJson<{ signedAt: string }>(`/api/ceremonies/${token}/complete`, { method: 'POST', body: JSON.stringify({ response: assertion }) });
}
