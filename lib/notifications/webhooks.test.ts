import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, uploadAndRequest, type TestContext } from '@/test/support/context';
import { webhookReceiver, type WebhookReceiver } from '@/test/support/webhook-receiver';
import { declineSigning } from '../signing/decline-signing';
import { isPrivateAddress } from './webhook-url';
import { runOutboxOnce } from './run-outbox';
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, retryDelivery, updateWebhook } from './webhooks';

let ctx: TestContext | undefined;
let hook: WebhookReceiver | undefined;
afterEach(async () => {
  await hook?.close();
  hook = undefined;
  await ctx?.dispose();
  ctx = undefined;
});

async function setup(env: Record<string, string> = { WEBHOOK_ALLOW_PRIVATE: 'true' }): Promise<{ ctx: TestContext; hook: WebhookReceiver }> {
  hook = await webhookReceiver();
  ctx = await createTestContext(env);
  return { ctx, hook };
}

describe('webhook endpoints', () => {
  it('signs every event per Standard Webhooks with the endpoint’s own secret, shown once; the receiver verifies it with the library', async () => {
    const { ctx, hook } = await setup();
    ctx.clock.set(new Date()); // the receiver checks webhook-timestamp against its own clock (5 min tolerance)
    const created = await createWebhook(ctx, { url: hook.url, events: ['request.created', 'request.declined'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(JSON.stringify(await listWebhooks(ctx))).not.toContain(created.secret);

    const { request, token } = await uploadAndRequest(ctx);
    await declineSigning(ctx, token, 'wrong amount');
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 2 });
    const wh = new Webhook(created.secret);
    const bodies = hook.hits.map((h) => wh.verify(h.body, h.headers as Record<string, string>) as { type: string; data: { requestId: string } });
    expect(bodies.map((b) => b.type).sort()).toEqual(['request.created', 'request.declined']);
    expect(bodies.every((b) => b.data.requestId === request.id)).toBe(true);
    // A forged body does not verify.
    expect(() => wh.verify(hook.hits[0]!.body.replace('request', 'Request'), hook.hits[0]!.headers as Record<string, string>)).toThrow();
    // The link (a bearer token) never goes to a webhook.
    expect(hook.hits.map((h) => h.body).join()).not.toContain(token);

    const deliveries = await listWebhookDeliveries(ctx, created.id);
    expect(deliveries.map((d) => [d.status, d.attempts, d.log.length, d.log[0]!.detail])).toEqual([
      ['delivered', 1, 1, 'HTTP 204'],
      ['delivered', 1, 1, 'HTTP 204'],
    ]);
  });

  it('an endpoint answering 410 Gone is disabled; a failed delivery can be retried by an admin with the same id', async () => {
    const { ctx, hook } = await setup();
    const created = await createWebhook(ctx, { url: hook.url });
    hook.answers.push(410);
    await uploadAndRequest(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ failed: 1 });
    const [endpoint] = await listWebhooks(ctx);
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: 'HTTP 410: endpoint disabled' });
    await uploadAndRequest(ctx); // nothing is queued for a disabled endpoint
    expect(await ctx.db.select().from(schema.outbox)).toHaveLength(1);

    await updateWebhook(ctx, created.id, { enabled: true });
    const [failed] = await listWebhookDeliveries(ctx, created.id);
    await expect(retryDelivery(ctx, 'no-such-delivery')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await retryDelivery(ctx, failed!.id);
    await expect(retryDelivery(ctx, failed!.id)).rejects.toMatchObject({ code: 'DELIVERY_NOT_RETRYABLE' });
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    expect(hook.hits.map((h) => h.headers['webhook-id'])).toEqual([failed!.id, failed!.id]);

    await deleteWebhook(ctx, created.id);
    expect(await listWebhooks(ctx)).toEqual([]);
    expect(await ctx.db.select().from(schema.outbox)).toHaveLength(0);
    await expect(deleteWebhook(ctx, created.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses loopback, private and metadata addresses unless WEBHOOK_ALLOW_PRIVATE=true, unknown events and bad URLs; nothing is stored', async () => {
    ctx = await createTestContext();
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:192.168.1.1]/x', 'ftp://example.com/x', 'not a url', 'https://user:pw@hooks.example.com/x']) {
      await expect(createWebhook(ctx, { url }), url).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
    }
    await expect(createWebhook(ctx, { url: 'https://93.184.215.14/hook', events: ['request.created', 'request.exploded'] })).rejects.toMatchObject({ code: 'WEBHOOK_EVENT_UNKNOWN' });
    expect(await ctx.db.select().from(schema.webhookEndpoints)).toHaveLength(0);
    await expect(updateWebhook(ctx, '00000000-0000-4000-8000-000000000000', { enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('172.20.0.1')).toBe(true);
    expect(isPrivateAddress('fd00::1')).toBe(true);
  });

  it('an endpoint whose name later points at a private address is refused at delivery, not called', async () => {
    const { ctx, hook } = await setup();
    const created = await createWebhook(ctx, { url: hook.url });
    ctx.config.outbox.webhookAllowPrivate = false; // as if the operator turned it off, or DNS changed
    await uploadAndRequest(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ failed: 1 });
    expect(hook.hits).toHaveLength(0);
    const [d] = await listWebhookDeliveries(ctx, created.id);
    expect(d!.lastDetail).toMatch(/^refused: "127\.0\.0\.1" resolves to 127\.0\.0\.1/);
  });

  it('a 500 then a success: retried after the backoff, delivered once', async () => {
    const { ctx, hook } = await setup();
    await createWebhook(ctx, { url: hook.url });
    hook.answers.push(500);
    await uploadAndRequest(ctx);
    expect(await runOutboxOnce(ctx)).toMatchObject({ retrying: 1 });
    ctx.clock.advance(12_000);
    expect(await runOutboxOnce(ctx)).toMatchObject({ delivered: 1 });
    expect(hook.hits).toHaveLength(2);
    expect(hook.hits[0]!.headers['webhook-id']).toBe(hook.hits[1]!.headers['webhook-id']);
  });
});
