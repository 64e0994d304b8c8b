import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { ANONYMOUS, type Actor } from '@/lib/auth/actor';
import { ensurePki } from '@/lib/certificates/ensure-pki';
import { recordCall } from '@/lib/metrics/instruments';
import { declineSigning } from '@/lib/signing/decline-signing';
import { createTestContext, testDatabaseUrl, uploadAndRequest, type TestContext } from '@/test/support/context';
import { newPasskey, signAs } from '@/test/support/multi-signer';
import { readMetrics } from './read-metrics';

const TOKEN = 'scrape-token-0123456789abcdefABCDEF';
const admin: Actor = { kind: 'api_key', id: 'k1', name: 'ops', roles: ['admin'] };
const uploader: Actor = { kind: 'staff', id: 's1', name: 'Wang Fang', roles: ['uploader'], sessionId: 's' };

/** The value of one sample line, e.g. sample(text, 'signet_signing_requests{status="signed"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`GET /metrics content (${backend})`, () => {
    let ctx: TestContext;
    beforeAll(async () => {
      ctx = await createTestContext({ METRICS_TOKEN: TOKEN, WEBHOOK_ALLOW_PRIVATE: 'true' }, { postgres });
      await ensurePki(ctx);
    });
    afterAll(async () => ctx.dispose());

    it('refuses a scrape without the token, with a wrong one, and from staff who are not administrators', async () => {
      const cases: [string | null, Actor, string][] = [
        [null, ANONYMOUS, 'UNAUTHENTICATED'],
        ['Bearer wrong-token-0123456789abcdefABCDEF', ANONYMOUS, 'UNAUTHENTICATED'],
        [`Basic ${TOKEN}`, ANONYMOUS, 'UNAUTHENTICATED'],
        [`Bearer ${TOKEN}x`, ANONYMOUS, 'UNAUTHENTICATED'],
        [null, uploader, 'FORBIDDEN'],
      ];
      for (const [authorization, actor, code] of cases) {
        await expect(readMetrics(ctx, { authorization, actor }), String(authorization)).rejects.toMatchObject({ code });
      }
    });

    it('an administrator may read without the token; with METRICS_TOKEN unset a token is refused', async () => {
      expect((await readMetrics(ctx, { authorization: null, actor: admin })).body).toContain('signet_signing_requests');
      const plain = { ...ctx, config: { ...ctx.config, metricsToken: null } };
      await expect(readMetrics(plain, { authorization: `Bearer ${TOKEN}`, actor: ANONYMOUS })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('METRICS_TOKEN is not set') });
    });

    it('reports request states, the outbox backlog and failures, certificate days left and the ledger size', async () => {
      const signed = await uploadAndRequest(ctx, `%PDF-1.4 signed ${backend}`);
      await signAs(ctx, signed.token, newPasskey());
      const declined = await uploadAndRequest(ctx, `%PDF-1.4 declined ${backend}`);
      await declineSigning(ctx, declined.token, 'wrong amount');
      await uploadAndRequest(ctx, `%PDF-1.4 open ${backend}`);
      const now = ctx.clock.now();
      await ctx.db.insert(schema.outbox).values([
        { id: 'm1', channel: 'webhook', event: 'request.signed', target: 'env', payload: {}, status: 'pending', nextAttemptAt: now, createdAt: new Date(now.getTime() - 90_000) },
        { id: 'm2', channel: 'email', event: 'request.signed', target: 'a@example.com', payload: {}, status: 'failed', nextAttemptAt: now, createdAt: now },
      ]);
      recordCall({ action: 'request.sign', method: 'POST', status: 409, seconds: 0.2, outcome: 'refused', code: 'SIGNER_NOT_YET' });

      const { contentType, body } = await readMetrics(ctx, { authorization: `Bearer ${TOKEN}`, actor: ANONYMOUS });
      expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(sample(body, 'signet_signing_requests{status="signed"}')).toBe(1);
      expect(sample(body, 'signet_signing_requests{status="declined"}')).toBe(1);
      expect(sample(body, 'signet_signing_requests{status="pending"}')).toBe(1);
      expect(sample(body, 'signet_signing_requests{status="cancelled"}')).toBe(0);
      expect(sample(body, 'signet_outbox_messages{channel="webhook",status="pending"}')).toBe(1);
      expect(sample(body, 'signet_outbox_messages{channel="email",status="failed"}')).toBe(1);
      expect(sample(body, 'signet_outbox_messages{channel="email",status="pending"}')).toBe(0);
      expect(sample(body, 'signet_outbox_oldest_pending_age_seconds')).toBe(90);
      // The built-in CA issues a signing certificate for CERT_VALIDITY_DAYS (365) at the test clock's now.
      expect(sample(body, 'signet_certificate_days_left{kind="signing"}')).toBe(365);
      expect(sample(body, 'signet_certificate_days_left{kind="root"}')).toBeGreaterThan(365);
      expect(sample(body, 'signet_certificate_days_left{kind="tsa"}')).toBeGreaterThan(0);
      expect(sample(body, 'signet_ledger_entries')).toBeGreaterThanOrEqual(1);
      expect(sample(body, 'signet_signings_total{outcome="refused",code="SIGNER_NOT_YET"}')).toBeGreaterThanOrEqual(1);
      expect(sample(body, 'signet_signing_duration_seconds_count{outcome="refused"}')).toBeGreaterThanOrEqual(1);
      expect(body).toContain('# TYPE signet_http_request_duration_seconds histogram');
      expect(body).toContain('process_cpu_user_seconds_total');
    });
  });
}
