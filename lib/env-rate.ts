/** A token bucket's shape: `capacity` requests at once, refilled at `capacity` per `periodMs`. */
export interface Rate {
  capacity: number;
  periodMs: number;
}

const PERIODS: Record<string, number> = { s: 1_000, sec: 1_000, second: 1_000, m: 60_000, min: 60_000, minute: 60_000, h: 3_600_000, hour: 3_600_000 };

/**
 * Parses a rate setting such as "10/min", "100/hour" or "5/s"; "off" disables the limit (null).
 * Returns undefined when the text is not a rate.
 */
export function parseRate(input: string): Rate | null | undefined {
  const text = input.trim().toLowerCase();
  if (text === 'off') return null;
  const m = /^(\d{1,7})\s*\/\s*([a-z]+)$/.exec(text);
  if (!m) return undefined;
  const capacity = Number(m[1]);
  const periodMs = PERIODS[m[2]!];
  if (!periodMs || capacity < 1) return undefined;
  return { capacity, periodMs };
}
