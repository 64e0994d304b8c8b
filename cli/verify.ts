/**
 * npm run verify -- bundle.json [document] [--ledger-key <verifier key>]
 *
 * Verifies a Signet evidence bundle offline: no server, no database. Prints each check and exits
 * non-zero when any fails. --ledger-key is the ledger's verifier key as you obtained it yourself
 * (GET /api/ledger/key once, kept); without it the key inside the bundle is used.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { verifyEvidence } from '../lib/evidence/verify-evidence';

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const USAGE = 'usage: npm run verify -- <evidence.json> [document] [--ledger-key <verifier key>]';

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let ledgerKey: string | undefined;
  const keyAt = args.indexOf('--ledger-key');
  if (keyAt >= 0) {
    ledgerKey = args[keyAt + 1];
    if (!ledgerKey) {
      console.error(USAGE);
      return 2;
    }
    args.splice(keyAt, 2);
  }
  const [bundlePath, documentPath] = args;
  if (!bundlePath || bundlePath === '--help' || bundlePath === '-h') {
    console.error(USAGE);
    return 2;
  }
  let bundle: unknown;
  try {
    bundle = JSON.parse(await readFile(bundlePath, 'utf8'));
  } catch (e) {
    console.error(`✗ cannot read ${bundlePath} as JSON: ${(e as Error).message}`);
    return 1;
  }
  let documentSha256: string | undefined;
  if (documentPath) {
    try {
      documentSha256 = await hashFile(documentPath);
    } catch (e) {
      console.error(`✗ cannot read document ${documentPath}: ${(e as Error).message}`);
      return 1;
    }
  }
  const report = verifyEvidence(bundle, { documentSha256, ledgerKey });
  for (const c of report.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
  console.log(report.ok ? 'VERIFIED: every check passed' : 'FAILED: at least one check did not pass');
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
