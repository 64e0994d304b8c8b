'use client';

import { bufferToBase64URLString, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { ApiError, apiJson } from './hash-file';
import { LocalProblem } from './problem';

/** The phone's side of the ceremony, apart from rendering: download, messages, the passkey steps. */
export type Step = 'idle' | 'registering' | 'signing' | 'signed' | 'declining' | 'declined';

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
  messages: { wrongDocument: string; wrongChallenge: string },
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
    throw new LocalProblem(messages.wrongDocument);
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(statement));
  if ((begin.options as { challenge: string }).challenge !== bufferToBase64URLString(digest)) {
    throw new LocalProblem(messages.wrongChallenge);
  }
  const assertion = await startAuthentication({ optionsJSON: begin.options });
  return apiJson<{ signedAt: string }>(`/api/ceremonies/${token}/complete`, { method: 'POST', body: JSON.stringify({ response: assertion }) });
}
