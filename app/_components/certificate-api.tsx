import { csrfHeaders } from './csrf';

/** Result of a certificate tool: shown as an alert under the form that ran it. */
export interface ToolOutcome {
  kind: 'ok' | 'danger';
  title: string;
  detail: string;
}

/** POST JSON with the CSRF header (every cookie-authenticated change needs it). */
export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
}

/** "message (CODE)" from the API's { error: { code, message } } envelope, whatever the response holds. */
export async function apiError(res: Response): Promise<string> {
  const data = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  return data.error ? `${data.error.message ?? ''} (${data.error.code ?? 'error'})` : `The server answered ${res.status} without an explanation.`;
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
  if (!outcome) return null;
  return (
    <div className={`alert alert-${outcome.kind}`} role="status" data-testid={testId} style={{ marginTop: 12, marginBottom: 0 }}>
      <strong>{outcome.title}</strong>
      {outcome.detail}
    </div>
  );
}
