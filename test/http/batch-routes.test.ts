import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { CreatedBatch } from '@/lib/batches/create-batch';
import type { BatchQueue } from '@/lib/batches/get-batch-queue';
import type { Context } from '@/lib/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';

/** The batch routes over their handlers: shapes, codes, the operation log, and an uploader's own view. */
const ORIGIN = 'http://localhost:3995';
let dataDir: string;
let ctx: Context;
let auth: Record<string, string> = {};
let routes: {
  documents: typeof import('@/app/api/documents/route');
  batches: typeof import('@/app/api/batches/route');
  batch: typeof import('@/app/api/batches/[id]/route');
  reorder: typeof import('@/app/api/batches/[id]/reorder/route');
  queue: typeof import('@/app/api/queues/[token]/route');
  queueDocument: typeof import('@/app/api/queues/[token]/documents/[requestId]/route');
  begin: typeof import('@/app/api/queues/[token]/begin/route');
  registration: typeof import('@/app/api/queues/[token]/registration/route');
  complete: typeof import('@/app/api/queues/[token]/complete/route');
};

const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const post = (url: string, body?: unknown) =>
  new Request(`${ORIGIN}${url}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function uploaded(name: string): Promise<{ id: string; sha256: string }> {
  const bytes = Buffer.from(`%PDF-1.4\n% batch ${name} ${Math.random()}\n`);
  const res = await routes.documents.POST(
    new Request(`${ORIGIN}/api/documents`, { method: 'POST', headers: { ...auth, 'content-type': 'application/pdf', 'x-signet-sha256': sha(bytes) }, body: new Uint8Array(bytes) }),
    params({}),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; sha256: string };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-batch-routes-'));
  Object.assign(process.env, { ORIGIN, DATA_DIR: dataDir, UPLOAD_MAX_BYTES: '64KiB', RATE_LIMIT_UPLOAD: '1000/min' });
  delete process.env.DATABASE_URL;
  routes = {
    documents: await import('@/app/api/documents/route'),
    batches: await import('@/app/api/batches/route'),
    batch: await import('@/app/api/batches/[id]/route'),
    reorder: await import('@/app/api/batches/[id]/reorder/route'),
    queue: await import('@/app/api/queues/[token]/route'),
    queueDocument: await import('@/app/api/queues/[token]/documents/[requestId]/route'),
    begin: await import('@/app/api/queues/[token]/begin/route'),
    registration: await import('@/app/api/queues/[token]/registration/route'),
    complete: await import('@/app/api/queues/[token]/complete/route'),
  };
  ctx = await (await import('@/lib/context')).appContext();
  const { createApiKey } = await import('@/lib/auth/api-keys');
  auth = { authorization: `Bearer ${(await createApiKey(ctx, { name: 'batch clerk', roles: ['uploader'] })).key}` };
});

afterAll(async () => {
  await ctx.database.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('batch routes', () => {
  it('create (201, logged), read, reorder, and the signer queue with its document bytes', async () => {
    const docs = [await uploaded('one.pdf'), await uploaded('two.pdf')];
    const res = await routes.batches.POST(
      post('/api/batches', { name: 'Q3 contracts', signers: [{ name: 'Ada', email: 'ada.batch@example.com' }], documents: [{ documentId: docs[0]!.id, documentType: 'contract', title: 'One' }, { documentId: docs[1]!.id, documentType: 'contract', title: 'Two', priority: 'urgent' }] }),
      params({}),
    );
    expect(res.status).toBe(201);
    const made = (await res.json()) as CreatedBatch;
    expect(made.batch.documents.map((d) => d.request.title)).toEqual(['Two', 'One']);
    expect(made.signers[0]!.queueUrl).toBe(`${ORIGIN}/q/${made.signers[0]!.token}`);
    const [op] = await ctx.db.select().from(schema.operations).where(eq(schema.operations.requestId, res.headers.get('x-request-id')!));
    expect(op).toMatchObject({ action: 'batch.create', outcome: 'ok', targetType: 'batch', targetId: made.batch.id, actorName: 'batch clerk' });

    const got = await routes.batch.GET(new Request(`${ORIGIN}/api/batches/${made.batch.id}`, { headers: auth }), params({ id: made.batch.id }));
    expect(got.status).toBe(200);
    const list = await routes.batches.GET(new Request(`${ORIGIN}/api/batches`, { headers: auth }), params({}));
    expect(((await list.json()) as { id: string }[]).map((b) => b.id)).toContain(made.batch.id);

    const ids = made.batch.documents.map((d) => d.request.id);
    const re = await routes.reorder.POST(post(`/api/batches/${made.batch.id}/reorder`, { order: [{ requestId: ids[1], priority: 'urgent' }, { requestId: ids[0], priority: 'low' }] }), params({ id: made.batch.id }));
    expect(re.status).toBe(200);

    const token = made.signers[0]!.token;
    const q = await routes.queue.GET(new Request(`${ORIGIN}/api/queues/${token}`), params({ token }));
    const queue = (await q.json()) as BatchQueue;
    expect(queue.documents.map((d) => d.title)).toEqual(['One', 'Two']);
    const file = await routes.queueDocument.GET(new Request(`${ORIGIN}/api/queues/${token}/documents/${queue.documents[0]!.requestId}`), params({ token, requestId: queue.documents[0]!.requestId }));
    expect(file.status).toBe(200);
    expect(sha(Buffer.from(await file.arrayBuffer()))).toBe(queue.documents[0]!.documentSha256);

    const foreign = await routes.begin.POST(post(`/api/queues/${token}/begin`, { requestIds: [...ids, '00000000-0000-4000-8000-000000000000'] }), params({ token }));
    expect([foreign.status, await code(foreign)]).toEqual([400, 'BATCH_STATEMENT_INVALID']);

    // No passkey yet: the begin answers registration options; register, begin again, one assertion signs both.
    const passkey = new SoftAuthenticator({ origin: ORIGIN, rpId: 'localhost' });
    const reg = (await (await routes.begin.POST(post(`/api/queues/${token}/begin`, { requestIds: ids }), params({ token }))).json()) as { kind: string; options: { challenge: string } };
    expect(reg.kind).toBe('registration');
    const registered = await routes.registration.POST(post(`/api/queues/${token}/registration`, { response: passkey.register(reg.options.challenge) }), params({ token }));
    expect(registered.status).toBe(201);
    const begun = (await (await routes.begin.POST(post(`/api/queues/${token}/begin`, { requestIds: ids }), params({ token }))).json()) as { kind: string; options: { challenge: string } };
    expect(begun.kind).toBe('signing');
    const assertion = passkey.assert(begun.options.challenge);
    const done = await routes.complete.POST(post(`/api/queues/${token}/complete`, { response: assertion }), params({ token }));
    expect(done.status).toBe(201);
    expect(((await done.json()) as { records: { requestId: string }[] }).records.map((r) => r.requestId)).toEqual(ids);
    const replay = await routes.complete.POST(post(`/api/queues/${token}/complete`, { response: assertion }), params({ token }));
    expect([replay.status, await code(replay)]).toEqual([409, 'CHALLENGE_USED']);
  });

  it('bad input answers its code and writes nothing', async () => {
    const before = await ctx.db.select().from(schema.batches);
    const doc = await uploaded('three.pdf');
    const empty = await routes.batches.POST(post('/api/batches', { name: 'x', signers: [{ name: 'A' }], documents: [] }), params({}));
    expect([empty.status, await code(empty)]).toEqual([400, 'BATCH_EMPTY']);
    const prio = await routes.batches.POST(post('/api/batches', { name: 'x', signers: [{ name: 'A' }], documents: [{ documentId: doc.id, documentType: 'hr', priority: 'soon' }] }), params({}));
    expect([prio.status, await code(prio)]).toEqual([400, 'PRIORITY_UNKNOWN']);
    const q = await routes.queue.GET(new Request(`${ORIGIN}/api/queues/${'x'.repeat(43)}`), params({ token: 'x'.repeat(43) }));
    expect([q.status, await code(q)]).toEqual([404, 'QUEUE_TOKEN_UNKNOWN']);
    expect(await ctx.db.select().from(schema.batches)).toEqual(before);
  });
});
