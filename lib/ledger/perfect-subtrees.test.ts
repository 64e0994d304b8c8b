import { describe, expect, it } from 'vitest';
import { isLedgerError } from './ledger-error';
import { largestPowerOfTwoBelow, nodeRange, perfectSubtrees } from './perfect-subtrees';

describe('perfect-subtree addressing', () => {
  it('splits n at the largest power of two strictly below it (RFC 9162 §2.1.1: k < n <= 2k)', () => {
    expect([2, 3, 4, 5, 8, 9, 2 ** 40, 2 ** 40 + 1].map(largestPowerOfTwoBelow)).toEqual([1, 2, 2, 4, 4, 8, 2 ** 39, 2 ** 40]);
  });

  it('addresses node (level L, index i) as leaves [i·2^L, (i+1)·2^L)', () => {
    expect(nodeRange({ level: 0, index: 5 })).toEqual({ begin: 5, end: 6 });
    expect(nodeRange({ level: 3, index: 2 })).toEqual({ begin: 16, end: 24 });
  });

  it('decomposes an RFC subtree into perfect subtrees, one per set bit of its width, largest first', () => {
    expect(perfectSubtrees(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(perfectSubtrees(8, 11)).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
    expect(perfectSubtrees(5, 5)).toEqual([]);
  });

  it('refuses a range that no RFC split produces, rather than return unaligned nodes', () => {
    let error: unknown;
    try {
      perfectSubtrees(3, 7);
    } catch (e) {
      error = e;
    }
    expect(isLedgerError(error) && error.message).toBe('expected [3, 7) to be a subtree of the RFC 9162 recursion; leaf 3 is not aligned to 4');
  });
});
