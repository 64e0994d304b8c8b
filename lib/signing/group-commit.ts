/**
 * Group commit (the technique PostgreSQL itself uses for its WAL, "commit_delay"): callers that
 * arrive while a commit is in flight wait for it to finish and then share the next one, so the
 * per-commit costs — the transaction, the ledger head lock, one checkpoint signature, one WAL
 * flush — are paid once per batch instead of once per caller. A caller's promise settles only
 * after the batch it was in has committed (or failed), so an answer never runs ahead of
 * durability. One committer runs at a time per instance of this class; across processes the
 * ledger head lock serialises batches (lib/audit/append-leaf.ts).
 */

/** Per item: its value, or the error that refused only that item while the rest of the batch committed. */
export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Most items per batch; the rest wait for the next. */
  maxBatch: number;
  /**
   * How long an idle committer waits for company before it starts a batch. 0 (the default) starts at
   * once: batches form from the callers that arrive during the previous commit, so a lone caller
   * pays no added latency and a busy one waits at most one commit.
   */
  lingerMs?: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<T, R> {
  private readonly queue: Waiting<T, R>[] = [];
  private running = false;

  /**
   * `commit` writes a whole batch in one transaction and returns one outcome per item, in order;
   * when it throws, the batch did not commit and every caller of the batch gets that error.
   */
  constructor(
    private readonly commit: (items: readonly T[]) => Promise<ItemOutcome<R>[]>,
    private readonly options: GroupCommitOptions,
  ) {
    if (!(options.maxBatch >= 1)) throw new Error(`expected maxBatch ≥ 1, got ${options.maxBatch}`);
  }

  /** Queues one item for the next batch; settles once that batch has committed or failed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.drain();
      }
    });
  }

  /** Callers waiting for a batch (not counting the one in flight). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    const linger = this.options.lingerMs ?? 0;
    // Let callers submitted in the same tick (or within the linger) join the first batch.
    await new Promise<void>((r) => (linger > 0 ? setTimeout(r, linger) : setImmediate(r)));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      try {
        const outcomes = await this.commit(batch.map((w) => w.item));
        if (outcomes.length !== batch.length) throw new Error(`expected ${batch.length} outcomes from the batch commit, got ${outcomes.length}`);
        batch.forEach((w, i) => {
          const o = outcomes[i] as ItemOutcome<R>;
          if (o.ok) w.resolve(o.value);
          else w.reject(o.error);
        });
      } catch (e) {
        for (const w of batch) w.reject(e);
      }
    }
    this.running = false;
  }
}
