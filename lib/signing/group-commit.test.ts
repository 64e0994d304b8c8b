import { describe, expect, it } from 'vitest';
import { GroupCommitter, type ItemOutcome } from './group-commit';

/** A commit the test finishes by hand, recording each batch it was given. */
function manualCommit() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  const commit = (items: readonly number[]): Promise<ItemOutcome<number>[]> => {
    batches.push([...items]);
    return new Promise((resolve) => finish.push(() => resolve(items.map((n) => (n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 10 })))));
  };
  return { batches, finish, commit };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('GroupCommitter', () => {
  it('callers arriving while a commit is in flight share the next batch, and settle only after it', async () => {
    const m = manualCommit();
    const g = new GroupCommitter(m.commit, { maxBatch: 256 });
    const first = g.submit(1);
    await tick();
    expect(m.batches).toEqual([[1]]);
    const later = [g.submit(2), g.submit(3), g.submit(4)];
    let settled = 0;
    later.forEach((p) => p.then(() => settled++));
    await tick();
    expect(m.batches).toEqual([[1]]);
    expect(g.waiting).toBe(3);
    m.finish[0]!();
    expect(await first).toBe(10);
    await tick();
    expect(m.batches).toEqual([[1], [2, 3, 4]]);
    expect(settled).toBe(0);
    m.finish[1]!();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('bounds a batch to maxBatch; the rest go into the following one', async () => {
    const m = manualCommit();
    const g = new GroupCommitter(m.commit, { maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => g.submit(n));
    await tick();
    for (let i = 0; i < 3; i++) {
      m.finish[i]!();
      await tick();
      await tick();
    }
    expect(m.batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it('one refused item fails alone; a failed commit fails every caller of that batch and not the next', async () => {
    let fail = true;
    const g = new GroupCommitter<number, number>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('commit failed');
      }
      return items.map((n) => (n < 0 ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n }));
    }, { maxBatch: 8 });
    const failed = await Promise.allSettled([g.submit(1), g.submit(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const mixed = await Promise.allSettled([g.submit(3), g.submit(-4), g.submit(5)]);
    expect(mixed.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([3, 'refused -4', 5]);
  });

  it('refuses a batch bound below one', () => {
    expect(() => new GroupCommitter(async () => [], { maxBatch: 0 })).toThrow(/maxBatch/);
  });
});
