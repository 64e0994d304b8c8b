/**
 * npm run certs:check
 *
 * For cron and monitoring: prints the state of the organisation signing certificate, delivers the
 * reminders that are due (once per certificate and threshold, across instances), and exits 0 when
 * valid, 1 inside the first reminder threshold (CERT_REMINDER_DAYS, default 60 days), 2 when
 * expired, revoked or not yet valid.
 */
import { checkCertificates } from '../lib/certificates/check-certificates';
import { createContext } from '../lib/context';
import { config } from '../lib/env';

async function main(): Promise<number> {
  const ctx = await createContext({ config: config(), role: 'certs:check' });
  try {
    const check = await checkCertificates(ctx);
    const c = check.certificate;
    console.log(`${check.state.toUpperCase()}: "${c.subject}" serial ${c.serial}, valid until ${c.notAfter.toISOString()} (${check.daysLeft} days left)`);
    if (check.delivered.length > 0) console.log(`reminder delivered for threshold(s) ${check.delivered.join(', ')} days`);
    return check.exitCode;
  } finally {
    await ctx.database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
