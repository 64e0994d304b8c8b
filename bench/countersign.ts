import { createPrivateKey, sign } from 'node:crypto';
import { fixedClock } from '@/lib/clock';
import { countersign, prepareCountersigner } from '@/lib/pki/countersign';
import { createLocalPki } from '@/lib/pki/create-local-pki';
import { LocalTsa } from '@/lib/pki/local-tsa';
import { ReferenceTsa, referenceCountersign } from '@/lib/pki/reference-countersign';
import { median } from './stats';

/** One measured operation: median wall-clock and median CPU (user + system) per call. */
export interface CountersignStep {
  label: string;
  wallMs: number;
  cpuMs: number;
  /** cpuMs / the baseline's cpuMs. */
  ratio: number;
}

export interface CountersignResult {
  rounds: number;
  payloadBytes: number;
  /** Raw node:crypto ECDSA P-256 / SHA-256 signature over the payload: the baseline. */
  baseline: CountersignStep;
  steps: CountersignStep[];
}

const BLOCK = 10;

interface Variant {
  label: string;
  run: () => unknown;
}

/**
 * The cost completeSigning pays per record for the organisation's countersignature (CMS SignedData
 * with signed attributes, RFC 3161 timestamp from the built-in TSA, i.e. two ECDSA signatures plus
 * ASN.1 work) against one raw node:crypto ECDSA signature over the same payload, measured in the
 * same run, the variants taking turns in blocks so they see the same machine load. CPU per call
 * is process.cpuUsage() around it (microsecond resolution); ratios are of the CPU medians.
 */
export async function runCountersignBench(options: { rounds: number; payloadBytes: number; log: (line: string) => void }): Promise<CountersignResult> {
  const clock = fixedClock(new Date());
  const pki = await createLocalPki({ organizationName: 'Bench Org', now: new Date(Date.now() - 60_000) });
  const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, chain: [pki.root.certificate], clock });
  const payload = new Uint8Array(options.payloadBytes).fill(0x61);
  const key = createPrivateKey({ key: Buffer.from(pki.organization.privateKey), format: 'der', type: 'pkcs8' });
  const input = { payload, signerCertificate: pki.organization.certificate, chain: [pki.root.certificate], privateKey: pki.organization.privateKey, tsa, clock };
  // What completeSigning uses: prepared once per identity (lib/certificates/signing-identity.ts caches it).
  const prepared = await prepareCountersigner(input);
  const referenceTsa = new ReferenceTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, chain: [pki.root.certificate], clock });
  const variants: Variant[] = [
    { label: 'raw node:crypto ECDSA P-256 / SHA-256 (baseline)', run: () => sign('sha256', payload, key) },
    { label: 'prepared countersigner (cached signing identity, as completeSigning signs)', run: () => prepared.countersign(input) },
    { label: 'countersign() one-shot: certificate and key prepared again each call', run: () => countersign(input) },
    // The previous implementation, kept as the tests' reference (lib/pki/reference-countersign.ts).
    { label: 'pkijs builder (the implementation before the prepared signer)', run: () => referenceCountersign({ ...input, tsa: referenceTsa }) },
  ];
  for (let i = 0; i < 5; i++) for (const v of variants) await v.run();
  const wall = variants.map(() => [] as number[]);
  const cpu = variants.map(() => [] as number[]);
  // Rounds of BLOCK consecutive calls per variant: one raw signature right after a 50 ms pkijs
  // countersignature measured 4× slower than in a run of its own (caches and JIT state the heavy
  // call left behind), so single calls interleaved would understate every ratio.
  for (let i = 0; i < options.rounds; i += BLOCK) {
    for (const [j, v] of variants.entries()) {
      for (let k = 0; k < BLOCK; k++) {
        const c = process.cpuUsage();
        const t = performance.now();
        await v.run();
        const w = performance.now() - t;
        const d = process.cpuUsage(c);
        wall[j]?.push(w);
        cpu[j]?.push((d.user + d.system) / 1000);
      }
    }
  }
  const steps = variants.map((v, j) => ({ label: v.label, wallMs: median(wall[j] ?? []), cpuMs: median(cpu[j] ?? []), ratio: 0 }));
  const baseline = steps[0];
  if (!baseline) throw new Error('no baseline');
  // A median CPU of 0 µs (the clock's resolution) would divide by zero; fall back to wall time.
  const base = baseline.cpuMs > 0 ? baseline.cpuMs : baseline.wallMs;
  for (const s of steps) s.ratio = (s.cpuMs > 0 ? s.cpuMs : s.wallMs) / base;
  for (const s of steps.slice(1)) options.log(`countersign: ${s.label}: ${s.cpuMs.toFixed(3)} ms CPU (${s.ratio.toFixed(1)}× raw ECDSA ${baseline.cpuMs.toFixed(3)} ms)`);
  return { rounds: options.rounds, payloadBytes: options.payloadBytes, baseline, steps: steps.slice(1) };
}

/** The report section (bench/report.ts renders it after the HTTP section). */
export function countersignSection(r: CountersignResult): string[] {
  const row = (s: CountersignStep) => `| ${s.label} | ${s.cpuMs.toFixed(3)} | ${s.wallMs.toFixed(3)} | ${s.ratio.toFixed(1)}× |`;
  return [
    '## Organisation countersignature (CMS + RFC 3161 timestamp)',
    '',
    `Every completed signing is countersigned and timestamped before its transaction (the HTTP benchmark runs the real endpoint, so it includes it). ` +
      `Measured in-process, the steps taking turns in blocks of ${BLOCK} calls, median of ${r.rounds} calls each over a ${r.payloadBytes}-byte payload:`,
    '',
    '| step | CPU ms per call | wall ms per call | CPU ratio to raw ECDSA |',
    '|---|--:|--:|--:|',
    row(r.baseline),
    ...r.steps.map(row),
    '',
    'Each countersignature holds two ECDSA signatures (the organisation\'s and the built-in TSA\'s), so 2× is the floor. An external TSA (TSA_URL) adds its network round trip.',
    '',
  ];
}
