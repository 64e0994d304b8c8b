/**
 * npm run restore -- FILE [--passphrase-file FILE]
 *
 * Restores an archive made by `npm run backup` into an empty DATA_DIR (and an empty database with
 * DATABASE_URL); refuses a non-empty target before writing anything. Afterwards start the server and
 * run `npm run audit:verify`. Exit 0 restored, 1 refused or failed (nothing kept), 64 usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { restoreBackup } from '../lib/backup/restore-backup';
import { config } from '../lib/env';
import { passphraseFrom } from './passphrase-arg';
import { runMain } from './run-main';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'passphrase-file': { type: 'string' } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error('usage: npm run restore -- <backup file> [--passphrase-file <file>]   (or BACKUP_PASSPHRASE)');
    return 64;
  }
  const passphrase = await passphraseFrom(values['passphrase-file']);
  const cfg = config();
  const result = await restoreBackup(cfg, { file: path.resolve(file), passphrase: passphrase ?? '' });
  console.log(
    `RESTORED: ${result.rows} rows in ${result.manifest.tables.length} tables and ${result.blobs} blobs from a backup of ${result.manifest.createdAt} into ${cfg.databaseUrl ? 'the database at DATABASE_URL' : cfg.dataDir}`,
  );
  if (result.manifest.masterKey === 'environment') console.log('note: the backup was made with SIGNET_MASTER_KEY: start the server with the same key');
  return 0;
}

runMain(main);
