import { createHmac } from 'node:crypto';

export interface WebhookTarget {
  url: string;
  secret: string;
  /** Give up after this many milliseconds; default 10 000. */
  timeoutMs?: number;
}

/**
 * POSTs a JSON event signed with HMAC-SHA256 (RFC 2104) under the shared secret. The receiver
 * recomputes `hex(HMAC-SHA256(secret, timestamp + "." + body))` over the raw body and compares it
 * with `X-Signet-Signature: sha256=<hex>`; the timestamp (Unix seconds, also signed) lets it refuse
 * replays. Returns whether the receiver answered 2xx; never throws.
 */
export async function sendWebhook(target: WebhookTarget, event: Record<string, unknown>, now: Date): Promise<{ ok: boolean; detail: string }> {
  const body = JSON.stringify(event);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', target.secret).update(`${timestamp}.${body}`).digest('hex');
  try {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Signet-Timestamp': timestamp, 'X-Signet-Signature': `sha256=${signature}` },
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
    });
    return { ok: res.ok, detail: `HTTP ${res.status}` };
  } catch (e) {
    return { ok: false, detail: (e as Error).message };
  }
}
