import { isLedgerError, type LedgerError } from './ledger-error';

/** Test helper: runs fn and returns the LedgerError it throws (fails if it throws nothing else). */
export function caught(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (e) {
    if (isLedgerError(e)) return e;
    throw e;
  }
  throw new Error('expected a LedgerError, nothing was thrown');
}
