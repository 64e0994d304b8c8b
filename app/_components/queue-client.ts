'use client';

import { bufferToBase64URLString, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { ApiError, apiJson } from './hash-file';
import { LocalProblem } from './problem';

/** The phone's side of one batch approval, apart from rendering. */
export type ApprovalStep = 'idle' | 'registering' | 'signing';

interface Item {
  requestId: string;
  documentSha256: string;
  title: string;
}
type Begun = { kind: 'registration'; options: never } | { kind: 'signing'; options: never; statement: string; items: Item[] };

export async function downloadQueueDocument(token: string, requestId: string): Promise<Blob> {
  const res = await fetch(`/api/queues/${token}/documents/${requestId}`, { cache: 'no-store' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? 'download failed', res.status);
  }
  return res.blob();
}

const sha256 = async (bytes: Uint8Array): Promise<Uint8Array> => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
const join = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const b64u = (b: Uint8Array) => bufferToBase64URLString(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);

/** RFC 9162 §2.1.1 Merkle Tree Hash: leaves SHA-256(0x00 ‖ d), nodes SHA-256(0x01 ‖ l ‖ r), split at the largest power of two below n. */
async function treeHash(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(join(new Uint8Array([1]), await treeHash(leaves.slice(0, k)), await treeHash(leaves.slice(k))));
}

/**
 * What the phone checks before it asks for the passkey (docs/batches.md): the statement lists
 * exactly the documents the phone checked, each with the hash the phone computed, its Merkle root
 * is the root of those items, and challenge = SHA-256(statement). A server that tried to slip in
 * another document, or another hash, is caught here.
 */
async function checkStatement(statement: string, challenge: string, items: Item[], checked: Map<string, string>, message: string): Promise<void> {
  const head = /^signet\.batch-approval\/v1\nbatch-id:([0-9a-f-]{36})\nsigner-id:([0-9a-f-]{36})\ncount:(\d+)\nroot:([0-9a-f]{64})\n/.exec(statement);
  if (!head || Number(head[3]) !== items.length || items.length !== checked.size) throw new LocalProblem(message);
  const leaves: Uint8Array[] = [];
  for (const item of items) {
    if (checked.get(item.requestId) !== item.documentSha256) throw new LocalProblem(message);
    const title = b64u(new TextEncoder().encode(item.title)) || '-';
    const text = `signet.batch-item/v1\nbatch-id:${head[1]}\nsigner-id:${head[2]}\nrequest-id:${item.requestId}\ndocument-sha256:${item.documentSha256}\ntitle-b64u:${title}\n`;
    leaves.push(await sha256(join(new Uint8Array([0]), new TextEncoder().encode(text))));
  }
  if (hex(await treeHash(leaves)) !== head[4]) throw new LocalProblem(message);
  if (b64u(await sha256(new TextEncoder().encode(statement))) !== challenge) throw new LocalProblem(message);
}

/** Registers a passkey when the signer has none, then approves `checked` (request id → hash the phone computed) with one assertion. */
export async function approveWithPasskey(token: string, checked: Map<string, string>, onStep: (step: ApprovalStep) => void, mismatchMessage: string): Promise<{ records: { requestId: string }[] }> {
  const body = JSON.stringify({ requestIds: [...checked.keys()] });
  let begun = await apiJson<Begun>(`/api/queues/${token}/begin`, { method: 'POST', body });
  if (begun.kind === 'registration') {
    onStep('registering');
    const registration = await startRegistration({ optionsJSON: begun.options });
    await apiJson(`/api/queues/${token}/registration`, { method: 'POST', body: JSON.stringify({ response: registration }) });
    begun = await apiJson<Begun>(`/api/queues/${token}/begin`, { method: 'POST', body });
  }
  if (begun.kind !== 'signing') throw new LocalProblem(mismatchMessage);
  onStep('signing');
  await checkStatement(begun.statement, (begun.options as { challenge: string }).challenge, begun.items, checked, mismatchMessage);
  const assertion = await startAuthentication({ optionsJSON: begun.options });
  return apiJson(`/api/queues/${token}/complete`, { method: 'POST', body: JSON.stringify({ response: assertion }) });
}
