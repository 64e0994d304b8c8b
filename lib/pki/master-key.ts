import type { Context } from '../context';
import { loadMasterKey, type MasterKey } from './key-encryption';

// One load per data directory and process: the key never changes while the process runs.
const cache = new Map<string, Promise<MasterKey>>();

/**
 * The one master key that encrypts every private key at rest (the ledger key and the organisation's
 * certificate keys): SIGNET_MASTER_KEY, or `<DATA_DIR>/master.key` created with mode 0600 and a
 * startup warning. Instances sharing a database must share it (set SIGNET_MASTER_KEY).
 *
 * Loaded once more after a pause if it fails: when two processes start on an empty data directory,
 * the one that loses the exclusive create can read the key file before the winner has written it.
 */
export function masterKey(ctx: Context): Promise<MasterKey> {
  const id = ctx.config.dataDir;
  let key = cache.get(id);
  if (!key) {
    key = load(ctx);
    cache.set(id, key);
    key.catch(() => cache.delete(id));
  }
  return key;
}

async function load(ctx: Context): Promise<MasterKey> {
  const attempt = () => loadMasterKey({ env: process.env, keyDir: ctx.config.dataDir, randomBytes: (n) => ctx.random.bytes(n) });
  let key: MasterKey;
  try {
    key = await attempt();
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
    key = await attempt();
  }
  if (key.created) {
    console.warn(
      `[signet] WARNING: created the master key file ${key.file ?? ''} beside the data it protects; set SIGNET_MASTER_KEY from a secret store in production`,
    );
  }
  return key;
}
