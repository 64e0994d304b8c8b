/**
 * npm run admin:invite -- --role admin [--name "Ada Lovelace"]
 *   Prints a fresh one-time setup link (valid 1 hour) that enrols a staff passkey with the given
 *   role(s): the way back in after a lost passkey, or a scripted first setup.
 * npm run admin:api-key -- --role uploader --name ci [--expires-days 90]
 *   Creates an API key and prints it once (only its hash is stored).
 *
 * Roles may repeat (--role admin --role auditor) or be comma-separated. Uses the configured
 * database (DATABASE_URL, or the PGlite under DATA_DIR: stop the server first, PGlite is
 * single-process).
 */
import { parseArgs } from 'node:util';
import { createApiKey } from '../lib/auth/api-keys';
import { createInvite } from '../lib/auth/invites';
import { createContext } from '../lib/context';
import { config } from '../lib/env';
import { runMain } from './run-main';

const USAGE = 'usage: tsx cli/admin.ts invite --role <admin|uploader|auditor> [--name <name>]\n       tsx cli/admin.ts api-key --role <role> --name <name> [--expires-days <n>]';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string', multiple: true }, name: { type: 'string' }, 'expires-days': { type: 'string' } },
  });
  const command = positionals[0];
  const roles = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter(Boolean);
  if ((command !== 'invite' && command !== 'api-key') || roles.length === 0 || (command === 'api-key' && !values.name)) {
    console.error(USAGE);
    return 64; // EX_USAGE
  }
  const ctx = await createContext({ config: config(), role: `admin:${command}` });
  try {
    if (command === 'invite') {
      const invite = await createInvite(ctx, { kind: 'setup', name: values.name ?? 'Administrator', roles });
      console.log(`One-time setup link for ${invite.name} (${invite.roles.join(', ')}), valid until ${invite.expiresAt}:\n${invite.url}`);
      return 0;
    }
    const days = values['expires-days'] === undefined ? null : Number(values['expires-days']);
    if (days !== null && !(Number.isFinite(days) && days > 0)) {
      console.error(`--expires-days: expected a positive number of days, got "${values['expires-days']}"`);
      return 64;
    }
    const expiresAt = days === null ? null : new Date(ctx.clock.now().getTime() + days * 86_400_000);
    const key = await createApiKey(ctx, { name: values.name!, roles, expiresAt, createdBy: 'cli' });
    console.log(`API key "${key.name}" (${key.roles.join(', ')})${key.expiresAt ? `, expires ${key.expiresAt}` : ', no expiry'}. Shown once; store it now:\n${key.key}`);
    return 0;
  } finally {
    await ctx.database.close();
  }
}

runMain(main);
