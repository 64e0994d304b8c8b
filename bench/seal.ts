/**
 * `npx tsx bench/seal.ts [--quick]`: sealing a PDF (lib/sealing/build-sealed-pdf.ts: signature
 * page, evidence attachment, PAdES B-LT signature, document timestamp) against the PDF library's
 * own load + save of the same file and against reading it from disk, all in the same run. Reports
 * ratios, CPU per operation and RSS growth; writes docs/benchmarks-seal.md (a --quick run only prints).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDF } from '@libpdf/core';
import { fixedClock } from '../lib/clock';
import { createLocalPki } from '../lib/pki/create-local-pki';
import { issueCrl } from '../lib/pki/issue-crl';
import { LocalTsa } from '../lib/pki/local-tsa';
import { buildSealedPdf } from '../lib/sealing/build-sealed-pdf';
import { organisationSigner, pdfTimestampAuthority, revocationProvider } from '../lib/sealing/pades-adapters';

const quick = process.argv.includes('--quick');
const MIB = 1024 * 1024;

interface Measure {
  ms: number;
  cpuMs: number;
  rssGrowthMib: number;
}

async function measure(rounds: number, op: () => Promise<unknown>): Promise<Measure> {
  await op(); // warm-up (JIT, font parsing)
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) await op();
  const ms = (performance.now() - t0) / rounds;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 / rounds, rssGrowthMib: (peak - rss0) / MIB };
}

async function tenPages(): Promise<Uint8Array> {
  const pdf = PDF.create();
  for (let p = 0; p < 10; p++) {
    const page = pdf.addPage();
    for (let l = 0; l < 45; l++) page.drawText(`Clause ${p + 1}.${l + 1}: the parties agree to the terms set out in this schedule.`, { x: 50, y: 760 - l * 16, size: 10 });
  }
  return pdf.save();
}

/** A PDF of about `mib` MiB: one page and an incompressible attachment (the bulk a scanned contract has). */
async function large(mib: number): Promise<Uint8Array> {
  const pdf = PDF.create();
  pdf.addPage().drawText('Scanned annex', { x: 50, y: 760 });
  pdf.addAttachment('annex.bin', new Uint8Array(randomBytes(mib * MIB)), { mimeType: 'application/octet-stream' });
  return pdf.save();
}

async function main(): Promise<void> {
  const now = new Date();
  const pki = await createLocalPki({ organizationName: 'Bench Ltd', now });
  const tsa = pdfTimestampAuthority(new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, chain: [pki.root.certificate], clock: fixedClock(now) }));
  const crl = await issueCrl({ caCertificate: pki.root.certificate, caPrivateKey: pki.root.privateKey, revoked: [], thisUpdate: now, nextUpdate: new Date(now.getTime() + 7 * 86_400_000), crlNumber: 1n });
  const signer = organisationSigner(pki.organization.certificate, [pki.root.certificate], pki.organization.privateKey);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signet-bench-seal-'));
  const rows: string[] = [];
  try {
    const cases: [string, Uint8Array, number][] = [
      ['10-page PDF', await tenPages(), quick ? 3 : 10],
      [`${quick ? 10 : 100} MiB PDF`, await large(quick ? 10 : 100), quick ? 1 : 3],
    ];
    for (const [name, bytes, rounds] of cases) {
      const file = path.join(dir, 'input.pdf');
      await writeFile(file, bytes);
      const facts = {
        requestId: 'bench', title: 'Bench contract', organisation: 'Bench Ltd',
        document: { name: 'input.pdf', sha256: '0'.repeat(64), size: bytes.length, mediaType: 'application/pdf' },
        signers: [{ name: 'Ada', signedAt: now.toISOString(), userVerified: true, backedUp: false, credentialId: 'c', timestampedAt: now.toISOString(), ledgerIndex: 1, evidenceName: 'evidence-1.json' }],
        certificate: { subject: 'CN=Bench', issuer: 'CN=Root', serial: '01', fingerprint: '0'.repeat(64), notAfter: now.toISOString() },
        verifyUrl: 'https://sign.example.com/api/ledger/entries/1',
      };
      const evidence = [{ name: 'evidence-1.json', bytes: new Uint8Array(randomBytes(6000)), mimeType: 'application/json', description: 'bench' }];
      const disk = await measure(rounds, () => readFile(file));
      const loadSave = await measure(rounds, async () => (await PDF.load(await readFile(file))).save());
      const seal = await measure(rounds, async () =>
        buildSealedPdf({ original: new Uint8Array(await readFile(file)), facts, evidence, signer, tsa, revocation: revocationProvider(() => Promise.resolve(crl)), signingTime: now }),
      );
      const sizeMib = bytes.length / MIB;
      rows.push(
        `| ${name} (${sizeMib.toFixed(2)} MiB) | ${disk.ms.toFixed(1)} | ${loadSave.ms.toFixed(1)} | ${seal.ms.toFixed(1)} | **${(seal.ms / loadSave.ms).toFixed(2)}×** | ${(seal.ms / Math.max(disk.ms, 0.01)).toFixed(0)}× | ${seal.cpuMs.toFixed(1)} | ${seal.rssGrowthMib.toFixed(0)} MiB (${(seal.rssGrowthMib / Math.max(sizeMib, 0.01)).toFixed(1)}× file) |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const report = [
    '# Benchmark: sealing a PDF',
    '',
    `Produced by \`npx tsx bench/seal.ts\` (Node ${process.version}, ${os.cpus().length} CPUs, shared and noisy machine) on ${new Date().toISOString().slice(0, 10)}.`,
    'Baselines in the same run: reading the file from disk, and @libpdf/core\'s own `PDF.load` + `save()` of the same file.',
    'Sealing = load, signature page with a Noto Sans SC subset, evidence attachment, incremental save, PAdES B-LT signature (built-in TSA, CRL from memory) and document timestamp.',
    'Goal: sealing ≤ 2× the library\'s load+save; RSS growth ≤ 2× the file size.',
    '',
    '| Input | disk read ms | load+save ms | seal ms | seal ÷ load+save | seal ÷ disk | seal CPU ms/op | peak RSS growth |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  console.log(report);
  if (!quick) await writeFile(path.join(__dirname, '..', 'docs', 'benchmarks-seal.md'), report);
}

void main();
