import { AppError } from '../errors';

/** age's scrypt slows guessing, but a short passphrase still falls to it: ask for at least 12 characters. */
export const MIN_PASSPHRASE = 12;

export function assertPassphrase(passphrase: string | undefined): asserts passphrase is string {
  if (!passphrase || passphrase.length < MIN_PASSPHRASE) {
    throw new AppError('BACKUP_PASSPHRASE_REQUIRED', `expected a backup passphrase of at least ${MIN_PASSPHRASE} characters (BACKUP_PASSPHRASE or --passphrase-file), got ${passphrase ? `${passphrase.length}` : 'none'}`);
  }
}
