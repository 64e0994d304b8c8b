import { describe, expect, it } from 'vitest';
import { SealQueue } from './seal-queue';

const tick = () => new Promise<void>((r) => setImmediate(r));
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await tick();
};

describe('SealQueue', () => {
  it('holds seals back while a signing is in flight and runs them once it is done', async () => {
    const sealed: string[] = [];
    const queue = new SealQueue(async (id) => void sealed.push(id));
    let finish!: () => void;
    const signing = queue.whileSigning(() => new Promise<void>((r) => (finish = r)));
    queue.enqueue('a');
    queue.enqueue('b');
    await ticks(5);
    expect(sealed).toEqual([]);
    expect(queue.size).toBe(2);
    finish();
    await signing;
    await ticks(5);
    expect(sealed).toEqual(['a', 'b']);
    expect(queue.size).toBe(0);
  });

  it('seals one request at a time, each once however often it is queued', async () => {
    let active = 0;
    let most = 0;
    const sealed: string[] = [];
    const queue = new SealQueue(async (id) => {
      active++;
      most = Math.max(most, active);
      await ticks(2);
      sealed.push(id);
      active--;
    });
    for (const id of ['a', 'b', 'a', 'c']) queue.enqueue(id);
    await ticks(20);
    expect(sealed).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });

  it('keeps going after a failed seal, and refuses new requests beyond its bound', async () => {
    const sealed: string[] = [];
    const queue = new SealQueue(async (id) => {
      if (id === 'bad') throw new Error('TSA down');
      sealed.push(id);
    }, 2);
    expect(queue.enqueue('bad')).toBe(true);
    expect(queue.enqueue('ok')).toBe(true);
    expect(queue.enqueue('dropped')).toBe(false);
    await ticks(10);
    expect(sealed).toEqual(['ok']);
  });
});
