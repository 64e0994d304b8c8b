/**
 * npm run verify -- bundle.json [document] [--ledger-key <verifier key>] [--ca root.pem]
 * npm run verify -- sealed.pdf [--ca root.pem]
 *
 * A sealed PDF (it starts with %PDF) is checked as lib/sealing/verify-sealed-pdf.ts describes: its
 * PAdES signature and timestamps over their byte ranges, and every embedded evidence bundle.
 * Verifies a Signet evidence bundle (signet.evidence/v1, or v2 for several signers) offline: no server, no database. Prints each check and exits
 * non-zero when any fails. --ledger-key is the ledger's verifier key as you obtained it yourself
 * (GET /api/ledger/key once, kept); without it the key inside the bundle is used. --ca is the
 * organisation's root certificate (PEM) as you obtained it; without it the bundle's own root is used.
 * The countersignature is judged at its RFC 3161 timestamp's genTime, so it verifies after expiry.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { verifyAnyBundle } from '../lib/evidence/verify-evidence-v2';
import { x509 } from '../lib/pki/crypto';
import { verifySealedPdf } from '../lib/sealing/verify-sealed-pdf';

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const USAGE = 'usage: npm run verify -- <evidence.json> [document] [--ledger-key <verifier key>] [--ca <root.pem>]\n       npm run verify -- <sealed.pdf> [--ca <root.pem>]';

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
  let trustedRoots: Uint8Array[] | undefined;
  const caAt = args.indexOf('--ca');
  if (caAt >= 0) {
    const caPath = args[caAt + 1];
    if (!caPath) {
      console.error(USAGE);
      return 2;
    }
    try {
      trustedRoots = x509.PemConverter.decode(await readFile(caPath, 'utf8')).map((b) => new Uint8Array(b));
    } catch (e) {
      console.error(`✗ cannot read ${caPath} as PEM certificates: ${(e as Error).message}`);
      return 1;
    }
    args.splice(caAt, 2);
  }
  const [bundlePath, documentPath] = args;
  if (!bundlePath || bundlePath === '--help' || bundlePath === '-h') {
    console.error(USAGE);
    return 2;
  }
  const head = await readFile(bundlePath).then((b) => b.subarray(0, 5).toString('latin1'), () => '');
  if (head === '%PDF-') {
    const sealed = await verifySealedPdf(new Uint8Array(await readFile(bundlePath)), trustedRoots);
    for (const c of sealed.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
    console.log(sealed.ok ? 'VERIFIED: every check passed' : 'FAILED: at least one check did not pass');
    return sealed.ok ? 0 : 1;
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
  const report = await verifyAnyBundle(bundle, { documentSha256, ledgerKey, trustedRoots });
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
