import type { Random } from '../clock';

/** No single wait longer than this, so a long outage is still retried every hour. */
const MAX_STEP_MS = 3_600_000;

/**
 * Exponential backoff with jitter: the n-th retry waits base·2^(n−1), capped at an hour, plus up to
 * 20 % more at random, so many deliveries failing together do not all retry in the same instant.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: Random): number {
  const step = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_STEP_MS);
  const b = random.bytes(2);
  const fraction = ((b[0]! << 8) | b[1]!) / 65_536;
  return Math.round(step * (1 + 0.2 * fraction));
}
