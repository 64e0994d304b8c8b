import { AppError } from '../errors';
import { MAX_SIGNERS } from './signer-slots';

export interface SignerInput {
  name: string;
  email?: string | null;
  step?: number;
  /** An existing signer identity (re-requests keep the same people and passkeys). */
  signerId?: string;
}

export type SigningOrder = 'sequential' | 'parallel';

export interface PlannedSigner {
  name: string;
  /** Lower-cased, or null. */
  email: string | null;
  step: number;
  signerId?: string;
}

/**
 * The signers of a new request with their steps. With explicit steps, they must start at 1, never
 * go down in list order and skip none (1, 1, 2, 3); otherwise `sequential` numbers them 1, 2, 3 in
 * list order and `parallel` puts everyone in step 1. One person (same e-mail) signs once.
 */
export function planSigners(signers: SignerInput[], order: SigningOrder | undefined): PlannedSigner[] {
  if (signers.length === 0) throw new AppError('SIGNERS_INVALID', 'expected 1 to 20 signers, got an empty list');
  if (signers.length > MAX_SIGNERS) throw new AppError('SIGNERS_INVALID', `expected at most ${MAX_SIGNERS} signers, got ${signers.length}`);
  const explicit = signers.some((s) => s.step !== undefined);
  if (explicit && order !== undefined) throw new AppError('SIGNERS_INVALID', 'expected either "order" or a "step" for every signer, got both');
  if (explicit && signers.some((s) => s.step === undefined)) throw new AppError('SIGNERS_INVALID', 'expected a "step" for every signer once one signer has one');
  const planned = signers.map((s, i): PlannedSigner => {
    const name = s.name.trim();
    if (!name) throw new AppError('SIGNERS_INVALID', `expected a name for signer ${i + 1}, got an empty one`);
    const step = explicit ? s.step! : order === 'parallel' ? 1 : i + 1;
    return { name, email: s.email?.trim().toLowerCase() || null, step, ...(s.signerId ? { signerId: s.signerId } : {}) };
  });
  let previous = 0;
  for (const [i, s] of planned.entries()) {
    if (!Number.isInteger(s.step) || s.step < 1) throw new AppError('SIGNERS_INVALID', `expected step 1 or more for signer ${i + 1}, got ${s.step}`);
    if (s.step < previous) throw new AppError('SIGNERS_INVALID', `expected steps in list order; signer ${i + 1} (step ${s.step}) comes after a signer of step ${previous}`);
    if (s.step > previous + 1) throw new AppError('SIGNERS_INVALID', `expected steps from 1 without gaps; signer ${i + 1} has step ${s.step} after step ${previous}`);
    previous = s.step;
  }
  const seen = new Map<string, number>();
  for (const [i, s] of planned.entries()) {
    if (!s.email) continue;
    const first = seen.get(s.email);
    if (first !== undefined) throw new AppError('SIGNERS_INVALID', `expected each signer once; signers ${first + 1} and ${i + 1} are both ${s.email}`);
    seen.set(s.email, i);
  }
  return planned;
}
