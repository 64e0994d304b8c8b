import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';

interface Subscription {
  onPayload: (payload: string) => void;
  onReconnect?: () => void;
}

/**
 * LISTEN on a dedicated connection that heals itself. postgres-js re-issues LISTEN once when its
 * connection drops, but if the server is still down at that moment (any restart or failover) the
 * subscription is gone for good, silently, and a failed LISTEN stays cached for its channel. So this
 * also LISTENs on a private check channel, NOTIFYs it through the pool every checkMs, and when the
 * checks stop arriving replaces the connection, LISTENs again and calls every onReconnect.
 */
export class PostgresListener {
  private readonly channels = new Map<string, Set<Subscription>>();
  private readonly checkChannel = `signet_listen_check_${randomBytes(8).toString('hex')}`;
  private client: postgres.Sql | null = null;
  private listening = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private lastHeard = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private healing = false;
  private closed = false;
  /**
   * Bumped whenever a connection is given up. A connection that was ended may still deliver: its
   * own re-LISTEN (postgres-js retries once on close) can race with end() and succeed once the
   * database accepts connections again. Its callbacks check the generation they were made for, so
   * such an orphan can neither deliver a payload twice nor pass for a healthy check channel.
   */
  private generation = 0;

  constructor(
    private readonly connectOne: () => postgres.Sql,
    private readonly pool: postgres.Sql,
    private readonly checkMs: number,
  ) {}

  async listen(channel: string, onPayload: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
    const sub: Subscription = { onPayload, onReconnect };
    const subs = this.channels.get(channel) ?? new Set<Subscription>();
    this.channels.set(channel, subs);
    subs.add(sub);
    const remove = async () => {
      subs.delete(sub);
      if (subs.size === 0 && this.channels.get(channel) === subs) this.channels.delete(channel);
    };
    try {
      await this.serial(async () => {
        if (this.closed) throw new Error('expected an open database; it was closed');
        if (!this.client) await this.connect(); // LISTENs on every channel, this one included
        else if (!this.listening.has(channel)) {
          const generation = this.generation;
          await this.client.listen(channel, (payload) => this.dispatch(channel, payload, generation));
          this.listening.add(channel);
        }
      });
    } catch (e) {
      await remove();
      throw e;
    }
    this.timer ??= setInterval(() => this.check(), this.checkMs);
    this.timer.unref?.();
    return remove;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.serial(() => this.disconnect());
  }

  private dispatch(channel: string, payload: string, generation: number): void {
    if (generation !== this.generation) return;
    for (const sub of this.channels.get(channel) ?? []) sub.onPayload(payload);
  }

  /** Runs operations on the connection one at a time. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => {});
    return run;
  }

  private async disconnect(): Promise<void> {
    const old = this.client;
    this.client = null;
    this.generation++;
    this.listening = new Set();
    await old?.end({ timeout: 0 }).catch(() => {});
  }

  private async connect(): Promise<void> {
    await this.disconnect();
    const generation = this.generation;
    const next = this.connectOne();
    const listening = new Set<string>();
    try {
      await next.listen(this.checkChannel, () => {
        if (generation === this.generation) this.lastHeard = Date.now();
      });
      for (const channel of this.channels.keys()) {
        await next.listen(channel, (payload) => this.dispatch(channel, payload, generation));
        listening.add(channel);
      }
    } catch (e) {
      this.generation++; // whatever this attempt LISTENed on may still come alive: ignore it
      await next.end({ timeout: 0 }).catch(() => {});
      throw e;
    }
    this.client = next;
    this.listening = listening;
    this.lastHeard = Date.now();
  }

  private check(): void {
    if (this.closed || this.healing) return;
    if (this.client && Date.now() - this.lastHeard <= 2 * this.checkMs) {
      this.pool.notify(this.checkChannel, '').catch(() => {}); // the database may be down; the next check tells
      return;
    }
    this.healing = true;
    this.serial(async () => {
      if (this.closed) return;
      await this.connect();
      for (const subs of this.channels.values()) for (const sub of subs) sub.onReconnect?.();
    })
      .catch(() => {}) // still unreachable: try again at the next check
      .finally(() => {
        this.healing = false;
      });
  }
}
