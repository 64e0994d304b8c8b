import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { webhookReceiver, type WebhookReceiver } from '@/test/support/webhook-receiver';
import { LEASE_MS, claimDue } from './claim';
import { enqueueWebhooks } from './enqueue';
import { runOutboxOnce } from './run-outbox';

const SECRET = 'a-webhook-secret-of-some-length';
let ctx: TestContext | undefined;
let hook: WebhookReceiver | undefined;
afterEach(async () => {
  await hook?.close();
  hook = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

async function setup(env: Record<string, string> = {}, postgres = false): Promise<{ ctx: TestContext; hook: WebhookReceiver }> {
  hook = await webhookReceiver();
  ctx = await createTestContext({ WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET, ...env }, { postgres });
  return { ctx, hook };
}

async function enqueue(c: TestContext, n = 1): Promise<void> {
  await c.db.transaction(async (tx) => {
    for (let i = 0; i < n; i++) await enqueueWebhooks(tx, c, 'request.created', { requestId: `r${i}` });
  });
}

describe('the outbox', () => {
  it('nothing is queued when the transaction that caused it rolls back', async () => {
    const { ctx } = await setup();
    await expect(
      ctx.db.transaction(async (tx) => {
        await enqueueWebhooks(tx, ctx, 'request.created', { requestId: 'r' });
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect(await ctx.db.select().from(schema.outbox)).toHaveLength(0);
  });

  it('a worker killed mid-delivery holds a lease, not a lock: after it the row is claimed again and delivered with the same id', async () => {
    const { ctx, hook } = await setup();
    await enqueue(ctx);
    const [claimed] = await claimDue(ctx); // this worker "dies" here, before recording anything
    expect(claimed).toMatchObject({ attempts: 1 });
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 0 }); // leased: nobody else takes it
    ctx.clock.advance(LEASE_MS);
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, delivered: 1 });
    expect(hook.hits).toHaveLength(1);
    expect(hook.hits[0]!.headers['webhook-id']).toBe(claimed!.id);
    const [row] = await ctx.db.select().from(schema.outbox);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, leaseUntil: null });
  });

  it('a 4xx answer fails at once (retrying cannot help); a redirect is not followed but retried', async () => {
    const { ctx, hook } = await setup();
    hook.answers.push(404);
    await enqueue(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ failed: 1 });
    hook.answers.push(302);
    await enqueue(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ retrying: 1 });
    expect(hook.hits).toHaveLength(2);
    const rows = await ctx.db.select().from(schema.outbox).orderBy(schema.outbox.status);
    expect(rows.map((r) => [r.status, r.lastDetail])).toEqual([
      ['failed', 'HTTP 404'],
      ['pending', 'HTTP 302 redirect to http://127.0.0.1:9/elsewhere not followed'],
    ]);
  });

  it('gives up (failed, visible) once OUTBOX_GIVE_UP_AFTER has passed; a timeout or refused connection counts as a failure', async () => {
    const { ctx, hook } = await setup({ OUTBOX_RETRY_BASE_MS: '60000', OUTBOX_GIVE_UP_AFTER: '30m' });
    await hook.close(); // connection refused from now on
    await enqueue(ctx);
    let last = await runOutboxOnce(ctx);
    let tries = 1;
    while (last.failed === 0 && tries < 20) {
      const [due] = await ctx.db.select({ at: schema.outbox.nextAttemptAt }).from(schema.outbox);
      ctx.clock.set(due!.at);
      last = await runOutboxOnce(ctx);
      tries += 1;
    }
    const [row] = await ctx.db.select().from(schema.outbox);
    expect(row!.status).toBe('failed');
    expect(row!.lastDetail).toMatch(/^network: /);
    // 1, 2, 4, 8, 16 minutes fit in 30; the next wait would pass it.
    expect(row!.attempts).toBe(5);
    expect(await ctx.db.select().from(schema.outboxAttempts).where(eq(schema.outboxAttempts.outboxId, row!.id))).toHaveLength(5);
  });

  it.runIf(testDatabaseUrl())('two instances on one PostgreSQL claim disjoint rows and deliver each exactly once', async () => {
    const { ctx, hook } = await setup({}, true);
    const other = await ctx.openInstance();
    await enqueue(ctx, 30);
    const [a, b] = await Promise.all([claimDue(ctx, 30), claimDue(other, 30)]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    ctx.clock.advance(LEASE_MS);
    const runs = await Promise.all([runOutboxOnce(ctx, 7), runOutboxOnce(other, 7), runOutboxOnce(ctx, 7), runOutboxOnce(other, 7), runOutboxOnce(ctx, 7)]);
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(30);
    expect(hook.hits).toHaveLength(30);
    expect(new Set(hook.hits.map((h) => h.headers['webhook-id'])).size).toBe(30);
  });
});
