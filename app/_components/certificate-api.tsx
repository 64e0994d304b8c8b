'use client';

import { useTranslations } from 'next-intl';
import { csrfHeaders } from './csrf';
import { ProblemCode } from './problem';

/** Result of a certificate tool: shown as an alert under the form that ran it. */
export interface ToolOutcome {
  kind: 'ok' | 'danger';
  title: string;
  detail?: string;
  /** An API error code: the detail shown is the catalogue's message for it. */
  code?: string;
}

/** POST JSON with the CSRF header (every cookie-authenticated change needs it). */
export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
}

/** The error code from the API's { error: { code, message } } envelope, whatever the response holds. */
export async function apiError(res: Response): Promise<string> {
  const data = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  return data.error?.code ?? `HTTP_${res.status}`;
}

/** Saves bytes as a download without leaving the page. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Standard base64 of a file (the PKCS#12 import body). */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The alert under a tool. */
export function OutcomeAlert({ outcome, testId }: { outcome: ToolOutcome | null; testId: string }) {
  const te = useTranslations('errors');
  if (!outcome) return null;
  const detail = outcome.code ? (te.has(outcome.code) ? te(outcome.code) : te('unknown')) : outcome.detail;
  return (
    <div className={`alert alert-${outcome.kind}`} role="status" data-testid={testId} data-code={outcome.code} style={{ marginTop: 12, marginBottom: 0 }}>
      <strong>{outcome.title}</strong>
      {detail}
      <ProblemCode code={outcome.code ?? null} />
    </div>
  );
}
