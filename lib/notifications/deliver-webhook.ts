import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { schema } from '@/db/client';
import type { Context } from '../context';
import type { OutboxRow } from './claim';
import type { DeliveryOutcome } from './events';
import { webhookUrlProblem } from './webhook-url';

const TIMEOUT_MS = 10_000;

/** A signer from a secret: whsec_<base64> as Standard Webhooks defines it, else the secret's bytes (WEBHOOK_SECRET). */
export function webhookSigner(secret: string): Webhook {
  return secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
}

/**
 * POSTs the event signed per Standard Webhooks: `webhook-id` (the outbox row's id, the same on
 * every retry, so receivers drop duplicates), `webhook-timestamp` (this attempt, Unix seconds) and
 * `webhook-signature` (v1, HMAC-SHA256 over id.timestamp.body, computed by the standardwebhooks
 * library). Redirects are not followed: the URL an admin registered is the only one called.
 */
export async function deliverWebhook(ctx: Context, row: OutboxRow): Promise<DeliveryOutcome> {
  const endpoint = await resolveEndpoint(ctx, row.target);
  if ('problem' in endpoint) return { ok: false, permanent: true, detail: endpoint.problem };
  if (endpoint.checkAddress) {
    // Checked again at each delivery: what a name resolves to can change after it was registered.
    const problem = await webhookUrlProblem(endpoint.url, ctx.config.outbox.webhookAllowPrivate);
    if (problem) return { ok: false, permanent: true, detail: `refused: ${problem}` };
  }
  const body = JSON.stringify(row.payload);
  const now = ctx.clock.now();
  const signature = webhookSigner(endpoint.secret).sign(row.id, now, body);
  let res: Response;
  try {
    res = await fetch(endpoint.url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Signet-Webhooks/1',
        'webhook-id': row.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
  } catch (e) {
    const err = e as Error;
    const detail = err.name === 'TimeoutError' ? `timeout after ${TIMEOUT_MS} ms` : `network: ${(err.cause as Error | undefined)?.message ?? err.message}`;
    return { ok: false, permanent: false, detail };
  }
  const detail = `HTTP ${res.status}`;
  if (res.status >= 200 && res.status < 300) return { ok: true, detail };
  if (res.status >= 300 && res.status < 400) return { ok: false, permanent: false, detail: `${detail} redirect to ${res.headers.get('location') ?? '?'} not followed` };
  // 410 Gone: the receiver says this endpoint no longer exists; stop sending to it.
  if (res.status === 410) return { ok: false, permanent: true, disable: true, detail: `${detail}: endpoint disabled` };
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) return { ok: false, permanent: true, detail };
  return { ok: false, permanent: false, detail };
}

type Endpoint = { url: string; secret: string; checkAddress: boolean } | { problem: string };

async function resolveEndpoint(ctx: Context, target: string): Promise<Endpoint> {
  if (target === 'env') {
    // The operator's own WEBHOOK_URL is trusted as configured, private address or not.
    if (!ctx.config.webhookUrl || !ctx.config.webhookSecret) return { problem: 'WEBHOOK_URL is no longer configured' };
    return { url: ctx.config.webhookUrl, secret: ctx.config.webhookSecret, checkAddress: false };
  }
  const [row] = await ctx.db.select().from(schema.webhookEndpoints).where(eq(schema.webhookEndpoints.id, target));
  if (!row) return { problem: 'the webhook endpoint was deleted' };
  if (!row.enabled) return { problem: 'the webhook endpoint is disabled' };
  return { url: row.url, secret: row.secret, checkAddress: true };
}
