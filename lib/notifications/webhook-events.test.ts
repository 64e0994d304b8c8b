import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { activeCertificate } from '@/lib/certificates/certificate-store';
import { ensurePki } from '@/lib/certificates/ensure-pki';
import { renewLocal } from '@/lib/certificates/renew-local';
import { revokeCertificate } from '@/lib/certificates/revoke-certificate';
import { getCeremony } from '@/lib/signing/get-ceremony';
import { cancelSigningRequest } from '@/lib/signing/request-lifecycle';
import { createTestContext, testDatabaseUrl, uploadAndRequest, type TestContext } from '@/test/support/context';
import { requestSigners } from '@/test/support/multi-signer';
import { webhookReceiver, type WebhookReceiver } from '@/test/support/webhook-receiver';
import { runOutboxOnce } from './run-outbox';
import { createWebhook } from './webhooks';

const admin = { kind: 'api_key', id: 'k1', name: 'ops', roles: ['admin'] } as const;

type Event = { type: string; timestamp: string; data: Record<string, unknown> };

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`webhook events opened, cancelled, certificate renewed and revoked (${backend})`, () => {
    let ctx: TestContext;
    let hook: WebhookReceiver;
    let secret: string;
    beforeAll(async () => {
      hook = await webhookReceiver();
      ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: 'true' }, { postgres });
      ctx.clock.set(new Date()); // the receiver checks webhook-timestamp against its own clock
      await ensurePki(ctx);
      secret = (await createWebhook(ctx, { url: hook.url, events: ['request.opened', 'request.cancelled', 'certificate.renewed', 'certificate.revoked'] })).secret;
    }, 120_000);
    afterAll(async () => {
      await hook.close();
      await ctx.dispose();
    });

    /** Delivers what is queued and returns the verified events received since the last call. */
    async function received(): Promise<Event[]> {
      const before = hook.hits.length;
      await runOutboxOnce(ctx, 50);
      const wh = new Webhook(secret);
      return hook.hits.slice(before).map((h) => wh.verify(h.body, h.headers as Record<string, string>) as Event);
    }

    it('request.opened once per signer, at the first opening of their link, never with the link', async () => {
      const made = await requestSigners(ctx, ['Ada', 'Grace'], 'parallel');
      expect(await received()).toEqual([]); // request.created is not subscribed
      await getCeremony(ctx, made.signers[0]!.token);
      await getCeremony(ctx, made.signers[0]!.token);
      const first = await received();
      expect(first.map((e) => [e.type, (e.data.signer as { name: string }).name])).toEqual([['request.opened', 'Ada']]);
      expect(first[0]!.data).toMatchObject({ requestId: made.request.id, title: 'Partnership agreement', signer: { step: 1 } });
      await getCeremony(ctx, made.signers[1]!.token);
      expect((await received()).map((e) => (e.data.signer as { name: string }).name)).toEqual(['Grace']);
      expect(hook.hits.map((h) => h.body).join()).not.toContain(made.signers[0]!.token);
    });

    it('request.cancelled with the reason and who cancelled; a refused cancellation sends nothing', async () => {
      const { request } = await uploadAndRequest(ctx, `%PDF-1.4 cancel ${backend}`);
      await cancelSigningRequest(ctx, request.id, 'sent to the wrong person', admin);
      const [event, ...rest] = await received();
      expect(rest).toEqual([]);
      expect(event).toMatchObject({ type: 'request.cancelled', data: { requestId: request.id, reason: 'sent to the wrong person', cancelledBy: { kind: 'api_key', id: 'k1', name: 'ops' } } });
      await expect(cancelSigningRequest(ctx, request.id, 'again', admin)).rejects.toMatchObject({ code: 'REQUEST_CANCELLED' });
      expect(await received()).toEqual([]);
    });

    it('certificate.renewed names the new and the replaced certificate; certificate.revoked the reason and time; a second revocation sends nothing', async () => {
      const before = (await activeCertificate(ctx, 'signing'))!;
      const renewed = await renewLocal(ctx, { expectedActiveId: before.id });
      const [event] = await received();
      expect(event).toMatchObject({ type: 'certificate.renewed', data: { previousCertificateId: before.id, certificate: { id: renewed.id, role: 'signing', serial: renewed.serial, fingerprint: renewed.fingerprint } } });
      expect(JSON.stringify(event)).not.toMatch(/PRIVATE KEY|encryptedKey/);

      await revokeCertificate(ctx, before.id, { reason: 'key compromise' });
      const [revoked] = await received();
      expect(revoked).toMatchObject({ type: 'certificate.revoked', data: { reason: 'key compromise', certificate: { id: before.id }, revokedAt: ctx.clock.now().toISOString() } });
      await expect(revokeCertificate(ctx, before.id, { reason: 'again' })).rejects.toMatchObject({ code: 'CERT_ALREADY_REVOKED' });
      expect(await received()).toEqual([]);
      const rows = await ctx.db.select({ event: schema.outbox.event }).from(schema.outbox);
      expect(rows.filter((r) => r.event.startsWith('certificate.')).map((r) => r.event).sort()).toEqual(['certificate.renewed', 'certificate.revoked']);
    });
  });
}
