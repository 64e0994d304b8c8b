import { createHash } from 'node:crypto';
import { appContext } from '../context';
import { AppError } from '../errors';
import type { RateBucket } from '../env';
import type { CallInfo } from '../operations/log-call';
import { takeToken } from './take-token';

/** One bucket a route draws from: counted per client IP, or per signing token in the path. */
export interface RateLimitRule {
  bucket: RateBucket;
  by: 'ip' | 'token';
}

/** 429 RATE_LIMITED, carrying the Retry-After the wrapper sends (RFC 6585 §4). */
export class RateLimitedError extends AppError {
  constructor(
    readonly bucket: RateBucket,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', `expected at most the ${bucket} rate limit of requests; got more, retry after ${retryAfterSeconds} s`);
  }
}

/** Retry-After seconds of a RATE_LIMITED refusal, or null for anything else. */
export function retryAfterOf(e: unknown): number | null {
  const v = (e as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof v === 'number' ? v : null;
}

/**
 * Draws one token from each declared bucket, throwing RateLimitedError on the first empty one.
 * An unknown client address shares the bucket "unknown": fail closed rather than unlimited.
 * Tokens are keyed by their SHA-256, never stored themselves.
 */
export async function enforceLimits(rules: readonly RateLimitRule[] | undefined, call: CallInfo, params: unknown): Promise<void> {
  if (!rules?.length) return;
  const ctx = await appContext();
  for (const rule of rules) {
    const rate = ctx.config.rateLimits[rule.bucket];
    if (!rate) continue;
    let subject: string;
    if (rule.by === 'ip') subject = `ip:${call.client.ip ?? 'unknown'}`;
    else {
      const token = (params as { token?: unknown } | null)?.token;
      if (typeof token !== 'string') continue;
      subject = `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
    }
    const { allowed, retryAfterSeconds } = await takeToken(ctx, `${rule.bucket}:${subject}`, rate);
    if (!allowed) {
      call.operation.details = { ...call.operation.details, rateLimit: rule.bucket, by: rule.by };
      throw new RateLimitedError(rule.bucket, retryAfterSeconds);
    }
  }
}
