import { readFile } from 'node:fs/promises';

/** The backup passphrase: --passphrase-file FILE (first line), else BACKUP_PASSPHRASE. Never an argument: argv is visible in ps. */
export async function passphraseFrom(file: string | undefined): Promise<string | undefined> {
  if (file) return (await readFile(file, 'utf8')).split(/\r?\n/, 1)[0];
  return process.env.BACKUP_PASSPHRASE || undefined;
}
