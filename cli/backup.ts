/**
 * npm run backup -- --out FILE [--passphrase-file FILE]
 *
 * Writes one consistent, age-encrypted archive of the database, every document blob it references
 * and the master key file (docs/operations.md, "Backup and restore"). Safe while the server runs: with
 * the embedded database it reads through the server's socket. The passphrase comes from
 * --passphrase-file or BACKUP_PASSPHRASE (at least 12 characters). Exit 0 done, 1 failed, 64 usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBackup } from '../lib/backup/run-backup';
import { createContext } from '../lib/context';
import { config } from '../lib/env';
import { passphraseFrom } from './passphrase-arg';
import { runMain } from './run-main';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
  if (!values.out) {
    console.error('usage: npm run backup -- --out <file> [--passphrase-file <file>]   (or BACKUP_PASSPHRASE)');
    return 64;
  }
  const passphrase = await passphraseFrom(values['passphrase-file']);
  const ctx = await createContext({ config: config(), role: 'backup' });
  try {
    const result = await runBackup(ctx, { out: path.resolve(values.out), passphrase: passphrase ?? '', trigger: 'cli' });
    const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
    console.log(`BACKED UP: ${result.file} (${result.bytes} bytes): ${result.manifest.tables.length} tables, ${rows} rows, ${result.manifest.blobs.length} blobs`);
    if (result.manifest.masterKey === 'environment') console.log('note: the master key is SIGNET_MASTER_KEY, not in the archive: keep it with the backup');
    return 0;
  } finally {
    await ctx.database.close();
  }
}

runMain(main);
