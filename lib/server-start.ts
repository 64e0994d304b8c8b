import { checkCertificates } from './certificates/check-certificates';
import { appContext, type Context } from './context';
import { announceSetupLink } from './auth/invites';
import { ConfigError } from './env';
import { startExpirySweep } from './signing/expiry-sweep';

/** Opens the database (applying migrations) and reports the configuration, or exits on a bad one. */
export async function startServer(): Promise<void> {
  try {
    const ctx = await appContext();
    const where = ctx.database.kind === 'pglite' ? `embedded PGlite in ${ctx.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
    console.log(`[signet] ready: origin ${ctx.config.origin}, RP ID ${ctx.config.rpId}, database ${where}`);
    startExpirySweep(ctx);
    scheduleCertificateChecks(ctx);
    await announceSetupLink(ctx);
  } catch (e) {
    if (e instanceof ConfigError || (e instanceof Error && e.name === 'ConfigError')) {
      console.error(`[signet] ${e.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
}

const HOUR_MS = 3_600_000;

/** The certificate check (and its reminders) at start and hourly; a failure is logged, never fatal. */
function scheduleCertificateChecks(ctx: Context): void {
  const run = () =>
    checkCertificates(ctx).then(
      (c) => {
        if (c.state !== 'valid') console.warn(`[signet] organisation certificate ${c.state}: ${c.daysLeft} days left (npm run certs:check)`);
      },
      (e: unknown) => console.error('[signet] certificate check failed', e),
    );
  void run();
  setInterval(() => void run(), HOUR_MS).unref();
}
