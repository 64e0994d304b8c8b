/**
 * npm run audit:verify
 *
 * Audits the signing ledger of the configured database (DATABASE_URL, or the PGlite under
 * DATA_DIR) and blob store: re-derives every leaf from the stored records, rebuilds the tree,
 * checks every checkpoint's signature, root and consistency with the one before, and every
 * document blob against its hash. Prints each discrepancy and exits 1 when there is any.
 */
import { auditLedger } from '../lib/audit/audit-ledger';
import { createContext } from '../lib/context';
import { config } from '../lib/env';

async function main(): Promise<number> {
  const ctx = await createContext({ config: config(), role: 'audit:verify' });
  try {
    const report = await auditLedger(ctx);
    for (const w of report.warnings) console.warn(`warning: ${w}`);
    for (const d of report.discrepancies) console.log(`✗ ${d.check}: ${d.subject}: ${d.detail}`);
    const summary = `${report.treeSize} leaves, ${report.records} records, ${report.certificateEvents} certificate events, ${report.checkpoints} checkpoints, ${report.documents} documents`;
    console.log(report.ok ? `AUDITED: ${summary}, no discrepancy` : `FAILED: ${report.discrepancies.length} discrepancies in ${summary}`);
    return report.ok ? 0 : 1;
  } finally {
    await ctx.database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
