import { eq } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { checkCertificates } from './check-certificates';
import { ensurePki } from './ensure-pki';

const DAY = 86_400_000;
const SECRET = 'a-webhook-secret-of-some-length';
let ctx: TestContext | undefined;
let close: (() => void) | undefined;
afterEach(async () => {
  close?.();
  close = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

/** A local HTTP receiver that records every POST. */
async function receiver(): Promise<{ url: string; hits: { headers: IncomingHttpHeaders; body: string }[] }> {
  const hits: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  close = () => server.close();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

describe('certificate reminders (npm run certs:check)', () => {
  it('delivers each threshold once, signs the webhook with HMAC-SHA256, and reports exit codes', async () => {
    const hook = await receiver();
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '100', WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET });
    const { signing } = await ensurePki(ctx);
    const start = ctx.clock.now().getTime();

    expect(await checkCertificates(ctx)).toMatchObject({ state: 'valid', daysLeft: 100, delivered: [], exitCode: 0 });
    expect(hook.hits).toHaveLength(0);

    ctx.clock.set(new Date(start + 45 * DAY)); // 55 days left: inside 60
    expect(await checkCertificates(ctx)).toMatchObject({ state: 'expiring-soon', daysLeft: 55, delivered: [60], exitCode: 1 });
    expect(await checkCertificates(ctx)).toMatchObject({ delivered: [] }); // once
    expect(hook.hits).toHaveLength(1);
    const hit = hook.hits[0]!;
    const expected = createHmac('sha256', SECRET).update(`${String(hit.headers['x-signet-timestamp'])}.${hit.body}`).digest('hex');
    expect(hit.headers['x-signet-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'certificate.expiring', threshold: 60, daysLeft: 55, certificate: { id: signing.id } });

    ctx.clock.set(new Date(start + 96 * DAY)); // 4 days left: 30 and 7 both crossed, one notice for 7
    expect(await checkCertificates(ctx)).toMatchObject({ daysLeft: 4, delivered: [30, 7], exitCode: 1 });
    expect(hook.hits).toHaveLength(2);
    expect(JSON.parse(hook.hits[1]!.body)).toMatchObject({ threshold: 7 });

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

  it('a failing webhook is logged, not thrown, and the reminder is still recorded once', async () => {
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '10', WEBHOOK_URL: 'http://127.0.0.1:9/hook', WEBHOOK_SECRET: SECRET });
    const check = await checkCertificates(ctx);
    expect(check.delivered).toEqual([60, 30]);
    expect(await ctx.db.select().from(schema.certificateReminders)).toHaveLength(2);
  });

  it.runIf(testDatabaseUrl())('two instances checking at once deliver each reminder exactly once (PostgreSQL)', async () => {
    const hook = await receiver();
    ctx = await createTestContext({ CERT_VALIDITY_DAYS: '20', WEBHOOK_URL: hook.url, WEBHOOK_SECRET: SECRET }, { postgres: true });
    const other = await ctx.openInstance();
    await ensurePki(ctx);
    const [a, b] = await Promise.all([checkCertificates(ctx), checkCertificates(other)]);
    expect([...a.delivered, ...b.delivered].sort((x, y) => x - y)).toEqual([30, 60]);
    expect(hook.hits).toHaveLength(1);
  });
});
