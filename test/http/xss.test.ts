import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 5 bad input: "an XSS payload in a title, a name, a note, a file name". Through the route
 * handlers with real Requests on a real embedded database: every payload is stored and echoed as a
 * JSON string, byte for byte, and the API answers JSON only (never HTML a browser would render).
 * The e2e spec e2e/notes.spec.ts checks that the request page shows the same values as text.
 */
const ORIGIN = 'http://localhost:3997';
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert("xss")</script>';
const FILE = `${IMG}.pdf`;
const NOTE = `${SCRIPT} & ${IMG} "quoted" 'single'`;

let dataDir: string;
let uploaderKey = '';
let auditorKey = '';

type Routes = {
  documents: typeof import('@/app/api/documents/route');
  requests: typeof import('@/app/api/requests/route');
  request: typeof import('@/app/api/requests/[id]/route');
  notes: typeof import('@/app/api/requests/[id]/notes/route');
};
let r: Routes;

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const req = (url: string, key: string, init: RequestInit = {}) =>
  new Request(`${ORIGIN}${url}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

/** The response is JSON (so a browser never renders it as a page), and its body parsed. */
async function jsonOf<T>(res: Response, status: number): Promise<T> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-xss-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir });
  delete process.env.DATABASE_URL;
  r = {
    documents: await import('@/app/api/documents/route'),
    requests: await import('@/app/api/requests/route'),
    request: await import('@/app/api/requests/[id]/route'),
    notes: await import('@/app/api/requests/[id]/notes/route'),
  };
  const { appContext } = await import('@/lib/context');
  const { createApiKey } = await import('@/lib/auth/api-keys');
  uploaderKey = (await createApiKey(await appContext(), { name: `uploader ${IMG}`, roles: ['uploader'] })).key;
  auditorKey = (await createApiKey(await appContext(), { name: `auditor ${SCRIPT}`, roles: ['auditor'] })).key;
});

afterAll(async () => {
  const { appContext } = await import('@/lib/context');
  await (await appContext()).database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('XSS payloads are data (issue 5)', () => {
  it('echoes a hostile title, signer name, file name, note and author name as JSON strings, unchanged', async () => {
    const bytes = Buffer.from('%PDF-1.4 xss');
    const uploaded = await r.documents.POST(
      req('/api/documents', uploaderKey, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', 'x-signet-sha256': createHash('sha256').update(bytes).digest('hex'), 'x-signet-filename': encodeURIComponent(FILE) },
        body: new Uint8Array(bytes),
      }),
      params({}),
    );
    const doc = await jsonOf<{ id: string; name: string }>(uploaded, 201);
    expect(doc.name).toBe(FILE);

    const created = await r.requests.POST(
      req('/api/requests', uploaderKey, { method: 'POST', body: JSON.stringify({ documentId: doc.id, title: IMG, documentType: 'contract', signerName: SCRIPT, requestedBy: IMG }) }),
      params({}),
    );
    const { request } = await jsonOf<{ request: { id: string } }>(created, 201);

    const view = await jsonOf<{ title: string; requestedBy: string; signer: { displayName: string }; document: { name: string } }>(
      await r.request.GET(req(`/api/requests/${request.id}`, auditorKey), params({ id: request.id })),
      200,
    );
    expect(view).toMatchObject({ title: IMG, requestedBy: IMG, signer: { displayName: SCRIPT }, document: { name: FILE } });

    const note = await jsonOf<{ body: string; author: { kind: string; name: string } }>(
      await r.notes.POST(req(`/api/requests/${request.id}/notes`, auditorKey, { method: 'POST', body: JSON.stringify({ body: NOTE }) }), params({ id: request.id })),
      201,
    );
    expect(note).toMatchObject({ body: NOTE, author: { kind: 'api_key', name: `auditor ${SCRIPT}` } });

    const res = await r.notes.GET(req(`/api/requests/${request.id}/notes`, uploaderKey), params({ id: request.id }));
    const raw = await res.clone().text();
    const list = await jsonOf<{ items: { body: string }[] }>(res, 200);
    expect(list.items.map((n) => n.body)).toEqual([NOTE]);
    // JSON escapes nothing but quotes here: the payload travels verbatim inside a string.
    expect(raw).toContain(JSON.stringify(NOTE).slice(1, -1));
  });

  it('refuses a blank or too-long note through the route with VALIDATION_FAILED and stores nothing', async () => {
    const bytes = Buffer.from('%PDF-1.4 xss 2');
    const doc = await jsonOf<{ id: string }>(
      await r.documents.POST(
        req('/api/documents', uploaderKey, { method: 'POST', headers: { 'content-type': 'application/pdf', 'x-signet-sha256': createHash('sha256').update(bytes).digest('hex') }, body: new Uint8Array(bytes) }),
        params({}),
      ),
      201,
    );
    const { request } = await jsonOf<{ request: { id: string } }>(
      await r.requests.POST(req('/api/requests', uploaderKey, { method: 'POST', body: JSON.stringify({ documentId: doc.id, title: 'T', documentType: 'contract', signerName: 'S' }) }), params({})),
      201,
    );
    for (const body of [{ body: '' }, { body: '   ' }, { body: 'x'.repeat(2001) }, {}, { body: 'ok', extra: 1 }]) {
      const res = await r.notes.POST(req(`/api/requests/${request.id}/notes`, auditorKey, { method: 'POST', body: JSON.stringify(body) }), params({ id: request.id }));
      expect((await jsonOf<{ error: { code: string } }>(res, 400)).error.code).toBe('VALIDATION_FAILED');
    }
    const list = await jsonOf<{ items: unknown[] }>(await r.notes.GET(req(`/api/requests/${request.id}/notes`, auditorKey), params({ id: request.id })), 200);
    expect(list.items).toEqual([]);
  });
});
