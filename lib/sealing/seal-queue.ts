/**
 * Background sealing that yields to signing. A seal costs hundreds of milliseconds of CPU, most of
 * it synchronous on the event loop (docs/benchmarks-seal.md), against about a millisecond for a
 * signing; sealing each request the moment it is signed let a burst of signings queue behind a
 * burst of seals (docs/benchmarks.md). So seals run one at a time, and a seal starts only while no
 * signing is in flight in this process: under sustained signing load they wait, and a download
 * of a request not yet sealed seals it on demand (get-sealed-pdf.ts), so nothing depends on the
 * queue having run. The queue is bounded; a request dropped from it is sealed on its first
 * download.
 */
export class SealQueue {
  private readonly waiting = new Set<string>();
  private signings = 0;
  private running = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly seal: (requestId: string) => Promise<unknown>,
    private readonly maxWaiting = 10_000,
  ) {}

  /** Queues a request to be sealed when signing is idle; false when the queue is full. */
  enqueue(requestId: string): boolean {
    if (!this.waiting.has(requestId) && this.waiting.size >= this.maxWaiting) return false;
    this.waiting.add(requestId);
    if (!this.running) {
      this.running = true;
      void this.drain();
    }
    return true;
  }

  /** Runs `signing` with sealing held back until it (and every other signing in flight) is done. */
  async whileSigning<T>(signing: () => Promise<T>): Promise<T> {
    this.signings++;
    try {
      return await signing();
    } finally {
      this.signings--;
      if (this.signings === 0) this.wake?.();
    }
  }

  /** Requests queued and not yet being sealed. */
  get size(): number {
    return this.waiting.size;
  }

  private async idle(): Promise<void> {
    // setImmediate first: a signing answered just now lets its successors arrive before a seal starts.
    await new Promise<void>((r) => setImmediate(r));
    while (this.signings > 0) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        await this.idle();
        const next = this.waiting.values().next();
        if (next.done) return;
        this.waiting.delete(next.value);
        await this.seal(next.value).catch(() => undefined); // sealRequest logged and recorded the failure
      }
    } finally {
      this.running = false;
      if (this.waiting.size > 0) {
        this.running = true;
        void this.drain();
      }
    }
  }
}
