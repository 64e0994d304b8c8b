import { announceSetupLink } from './auth/invites';
import { appContext } from './context';
import { ConfigError } from './env';

/** Opens the database (applying migrations) and reports the configuration, or exits on a bad one. */
export async function startServer(): Promise<void> {
  try {
    const ctx = await appContext();
    const where = ctx.database.kind === 'pglite' ? `embedded PGlite in ${ctx.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
    console.log(`[signet] ready: origin ${ctx.config.origin}, RP ID ${ctx.config.rpId}, database ${where}`);
    await announceSetupLink(ctx);
  } catch (e) {
    if (e instanceof ConfigError || (e instanceof Error && e.name === 'ConfigError')) {
      console.error(`[signet] ${e.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}
