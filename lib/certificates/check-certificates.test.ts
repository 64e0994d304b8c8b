import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { runOutboxOnce } from '@/lib/notifications/run-outbox';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { webhookReceiver, type WebhookReceiver } from '@/test/support/webhook-receiver';
import { checkCertificates } from './check-certificates';
import { ensurePki } from './ensure-pki';

const DAY = 86_400_000;
const SECRET = 'a-webhook-secret-of-some-length';
let ctx: TestContext | undefined;
let hookServer: WebhookReceiver | undefined;
afterEach(async () => {
  await hookServer?.close();
  hookServer = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

async function receiver(): Promise<WebhookReceiver> {
  hookServer = await webhookReceiver();
  return hookServer;
}

/** The signature check a receiver does, with the standardwebhooks library, at the attempt's own time. */
function expectSigned(hit: { headers: Record<string, unknown>; body: string }): void {
  const wh = new Webhook(Buffer.from(SECRET, 'utf8'), { format: 'raw' });
  const at = new Date(Number(hit.headers['webhook-timestamp']) * 1000);
  expect(hit.headers['webhook-signature']).toBe(wh.sign(String(hit.headers['webhook-id']), at, hit.body));
}

describe('certificate reminders (npm run certs:check)', () => {
  it('delivers each threshold once through the outbox, signs the webhook per Standard Webhooks, and reports exit codes', async () => {
    const hook = await receiver();
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '100', WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET });
    const { signing } = await ensurePki(ctx);
    const start = ctx.clock.now().getTime();

    expect(await checkCertificates(ctx)).toMatchObject({ state: 'valid', daysLeft: 100, delivered: [], exitCode: 0 });
    expect(hook.hits).toHaveLength(0);

    ctx.clock.set(new Date(start + 45 * DAY)); // 55 days left: inside 60
    expect(await checkCertificates(ctx)).toMatchObject({ state: 'expiring-soon', daysLeft: 55, delivered: [60], exitCode: 1 });
    expect(await checkCertificates(ctx)).toMatchObject({ delivered: [] }); // once
    expect(hook.hits).toHaveLength(0); // queued, not yet sent: the outbox worker delivers
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 0 });
    expect(hook.hits).toHaveLength(1);
    const hit = hook.hits[0]!;
    expectSigned(hit);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'certificate.reminder', data: { threshold: 60, daysLeft: 55, certificate: { id: signing.id } } });

    ctx.clock.set(new Date(start + 96 * DAY)); // 4 days left: 30 and 7 both crossed, one notice for 7
    expect(await checkCertificates(ctx)).toMatchObject({ daysLeft: 4, delivered: [30, 7], exitCode: 1 });
    await runOutboxOnce(ctx);
    expect(hook.hits).toHaveLength(2);
    expect(JSON.parse(hook.hits[1]!.body)).toMatchObject({ data: { threshold: 7 } });

    ctx.clock.set(new Date(start + 101 * DAY));
    expect(await checkCertificates(ctx)).toMatchObject({ state: 'expired', delivered: [1], exitCode: 2 });
    const rows = await ctx.db.select().from(schema.certificateReminders);
    expect(rows.map((r) => r.threshold).sort((a, b) => a - b)).toEqual([1, 7, 30, 60]);
    // Each notice sent is one operation-log entry by the system actor, about the certificate (the
    // skipped 30-day threshold was folded into the 7-day notice, as the webhook showed).
    const logged = await ctx.db.select().from(schema.operations).where(eq(schema.operations.action, 'certificate.reminder'));
    expect(logged.map((o) => [o.actorKind, o.targetType, o.targetId, o.outcome])).toEqual(Array(3).fill(['system', 'certificate', signing.id, 'ok']));
    expect(logged.map((o) => (o.details as { threshold: number }).threshold).sort((a, b) => a - b)).toEqual([1, 7, 60]);
  });

  it('a receiver that is down is retried with backoff until it answers: the reminder is not lost', async () => {
    const hook = await receiver();
    hook.answers.push(503, 500);
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '10', WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET, OUTBOX_RETRY_BASE_MS: '10000' });
    const check = await checkCertificates(ctx);
    expect(check.delivered).toEqual([60, 30]);
    expect(await ctx.db.select().from(schema.certificateReminders)).toHaveLength(2);
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, retrying: 1 });
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 0 }); // not due before the backoff
    ctx.clock.advance(12_000); // first retry: 10 s + at most 20 % jitter
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, retrying: 1 });
    ctx.clock.advance(19_000);
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 0 }); // the second waits 20 s or more
    ctx.clock.advance(5_000);
    expect(await runOutboxOnce(ctx)).toMatchObject({ claimed: 1, delivered: 1 });
    expect(hook.hits).toHaveLength(3);
    // The same delivery id on every attempt, so the receiver can drop duplicates.
    expect(new Set(hook.hits.map((h) => h.headers['webhook-id'])).size).toBe(1);
    hook.hits.forEach(expectSigned);
    const [row] = await ctx.db.select().from(schema.outbox);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastDetail: 'HTTP 204' });
    const attempts = await ctx.db.select().from(schema.outboxAttempts);
    expect(attempts.map((a) => [a.attempt, a.ok, a.detail]).sort()).toEqual([[1, false, 'HTTP 503'], [2, false, 'HTTP 500'], [3, true, 'HTTP 204']]);
  });

  it.runIf(testDatabaseUrl())('two instances checking at once deliver each reminder exactly once (PostgreSQL)', async () => {
    const hook = await receiver();
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '20', WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET }, { postgres: true });
    const other = await ctx.openInstance();
    await ensurePki(ctx);
    const [a, b] = await Promise.all([checkCertificates(ctx), checkCertificates(other)]);
    expect([...a.delivered, ...b.delivered].sort((x, y) => x - y)).toEqual([30, 60]);
    await Promise.all([runOutboxOnce(ctx), runOutboxOnce(other)]);
    expect(hook.hits).toHaveLength(1);
  });
});
