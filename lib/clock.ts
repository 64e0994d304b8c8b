import { randomBytes, randomUUID } from 'node:crypto';

/** Where time comes from. Injected so expiry is tested by moving a clock, never by sleeping. */
export interface Clock {
  now(): Date;
}

/** Where randomness comes from. Injected so tokens, nonces and challenges are reproducible in tests. */
export interface Random {
  bytes(length: number): Uint8Array<ArrayBuffer>;
  uuid(): string;
}

export const systemClock: Clock = { now: () => new Date() };

export const systemRandom: Random = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
  uuid: () => randomUUID(),
};

/** A clock that only moves when told to. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => {
      current = new Date(d);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}
