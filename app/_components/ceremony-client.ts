'use client';

import { bufferToBase64URLString, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { ApiError, apiJson } from './hash-file';
import { LocalProblem, PasskeyProblem } from './problem';

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
 * Why the browser's passkey prompt failed, as far as the page can tell. WebAuthn deliberately
 * answers "NotAllowedError" both for a cancelled prompt and for "no matching passkey here" (so a
 * site cannot probe which passkeys a device holds, W3C WebAuthn Level 3 §14.5.2), so the page
 * remembers which passkeys it created on this device: when none of the signer's passkeys is among
 * them, the likely cause is that the passkey lives on another device.
 */
const CREATED_HERE = 'signet.passkeysCreatedHere';

function createdHere(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(CREATED_HERE) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function rememberCreatedHere(id: string): void {
  try {
    localStorage.setItem(CREATED_HERE, JSON.stringify([...createdHere().filter((x) => x !== id), id].slice(-50)));
  } catch {
    // Private mode or storage full: the messages are then less specific, nothing breaks.
  }
}

/** Maps the DOMException names of navigator.credentials.create()/get() (WebAuthn §5.1.3, §5.1.4.1) to what happened. */
function passkeyFailure(e: unknown, ceremony: 'create' | 'get', allowed: readonly string[]): unknown {
  const name = e instanceof Error ? e.name : '';
  // ConstraintError: user verification was required and the authenticator cannot do it (no screen lock).
  if (name === 'ConstraintError') return new PasskeyProblem('noUserVerification', e);
  // InvalidStateError on create: excludeCredentials matched, this device already holds the signer's passkey.
  if (name === 'InvalidStateError' && ceremony === 'create') return new PasskeyProblem('alreadyOnDevice', e);
  if (name !== 'NotAllowedError') return e;
  if (ceremony === 'get' && allowed.length > 0) {
    const here = new Set(createdHere());
    if (!allowed.some((id) => here.has(id))) return new PasskeyProblem('notOnDevice', e);
  }
  return new PasskeyProblem('cancelled', e);
}

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
    const registration = await startRegistration({ optionsJSON: begin.options }).catch((e: unknown) => {
      throw passkeyFailure(e, 'create', []);
    });
    rememberCreatedHere(registration.id);
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
  const allowed = ((begin.options as { allowCredentials?: { id: string }[] }).allowCredentials ?? []).map((c) => c.id);
  const assertion = await startAuthentication({ optionsJSON: begin.options }).catch((e: unknown) => {
    throw passkeyFailure(e, 'get', allowed);
  });
  return apiJson<{ signedAt: string }>(`/api/ceremonies/${token}/complete`, { method: 'POST', body: JSON.stringify({ response: assertion }) });
}
