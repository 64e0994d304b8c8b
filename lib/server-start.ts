import { announceSetupLink } from './auth/invites';
import { startBackupSchedule } from './backup/scheduled-backup';
import { checkCertificates } from './certificates/check-certificates';
import { ensurePki } from './certificates/ensure-pki';
import { appContext, type Context } from './context';
import { ConfigError } from './env';
import { markReady } from './health/readiness';
import { receiptAttachments } from './evidence/receipt-attachments';
import { startOutboxWorker } from './notifications/outbox-worker';
import { startSignerMailSweep } from './notifications/signer-mail-sweep';
import { startExpirySweep } from './signing/expiry-sweep';

/** Where scripts/serve.mjs finds the function that closes the database on SIGTERM. */
const SHUTDOWN_KEY = Symbol.for('signet.shutdown');

/**
 * Opens the database (taking DATA_DIR's lock and applying migrations), finishes first-start
 * initialisation (PKI, ledger key, first checkpoint), then reports ready (/api/health 200). A bad
 * configuration or a DATA_DIR owned by another process exits 78 (EX_CONFIG) with a message.
 */
export async function startServer(): Promise<void> {
  let ctx: Context;
  try {
    ctx = await appContext();
    await ensurePki(ctx);
  } catch (e) {
    // Matched by name too: Next.js may bundle these classes more than once.
    if (e instanceof ConfigError || (e instanceof Error && (e.name === 'ConfigError' || e.name === 'DataDirInUseError'))) {
      console.error(`[signet] ${e.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  (globalThis as Record<symbol, unknown>)[SHUTDOWN_KEY] = () => ctx.database.close();
  const where = ctx.database.kind === 'pglite' ? `embedded PGlite in ${ctx.config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`[signet] ready: origin ${ctx.config.origin}, RP ID ${ctx.config.rpId}, database ${where}`);
  if (ctx.database.kind === 'pglite') {
    console.warn(
      '[signet] the embedded database survives a crash of this process but not a power loss or kernel crash (PGlite never fsyncs): ' +
        'run production on PostgreSQL (DATABASE_URL), see docs/operations.md',
    );
  }
  markReady();
  startExpirySweep(ctx);
  startOutboxWorker(ctx, { signerReceipt: receiptAttachments });
  startSignerMailSweep(ctx);
  scheduleCertificateChecks(ctx);
  startBackupSchedule(ctx);
  await announceSetupLink(ctx);
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
