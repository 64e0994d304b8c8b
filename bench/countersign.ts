import { createPrivateKey, sign } from 'node:crypto';
import { fixedClock } from '@/lib/clock';
import { countersign } from '@/lib/pki/countersign';
import { createLocalPki } from '@/lib/pki/create-local-pki';
import { LocalTsa } from '@/lib/pki/local-tsa';

export interface CountersignResult {
  rounds: number;
  payloadBytes: number;
  /** Median ms per raw node:crypto ECDSA P-256 / SHA-256 signature over the payload. */
  rawEcdsaMs: number;
  /** Median ms per countersign(): CMS SignedData + RFC 3161 timestamp from the built-in TSA. */
  countersignMs: number;
  /** countersignMs / rawEcdsaMs. */
  ratio: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * The cost completeSigning pays per record for the organisation's countersignature (CMS SignedData
 * with signed attributes, RFC 3161 timestamp from the built-in TSA, i.e. two ECDSA signatures plus
 * ASN.1 work) against one raw node:crypto ECDSA signature over the same payload, measured in the
 * same run so the ratio does not depend on the machine.
 */
export async function runCountersignBench(options: { rounds: number; payloadBytes: number; log: (line: string) => void }): Promise<CountersignResult> {
  const clock = fixedClock(new Date());
  const pki = await createLocalPki({ organizationName: 'Bench Org', now: new Date(Date.now() - 60_000) });
  const tsa = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, chain: [pki.root.certificate], clock });
  const payload = new Uint8Array(options.payloadBytes).fill(0x61);
  const key = createPrivateKey({ key: Buffer.from(pki.organization.privateKey), format: 'der', type: 'pkcs8' });
  const input = { payload, signerCertificate: pki.organization.certificate, chain: [pki.root.certificate], privateKey: pki.organization.privateKey, tsa, clock };
  for (let i = 0; i < 5; i++) {
    sign('sha256', payload, key);
    await countersign(input);
  }
  const raw: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < options.rounds; i++) {
    let t = performance.now();
    sign('sha256', payload, key);
    raw.push(performance.now() - t);
    t = performance.now();
    await countersign(input);
    full.push(performance.now() - t);
  }
  const rawEcdsaMs = median(raw);
  const countersignMs = median(full);
  options.log(`countersign: ${countersignMs.toFixed(2)} ms vs raw ECDSA ${rawEcdsaMs.toFixed(3)} ms (${(countersignMs / rawEcdsaMs).toFixed(1)}×)`);
  return { rounds: options.rounds, payloadBytes: options.payloadBytes, rawEcdsaMs, countersignMs, ratio: countersignMs / rawEcdsaMs };
}

/** The report section (bench/report.ts renders it after the HTTP section). */
export function countersignSection(r: CountersignResult): string[] {
  return [
    '## Organisation countersignature (CMS + RFC 3161 timestamp)',
    '',
    `Every completed signing is countersigned and timestamped before its transaction (the HTTP benchmark above includes it). ` +
      `Measured in-process, median of ${r.rounds} rounds over a ${r.payloadBytes}-byte payload:`,
    '',
    '| step | ms per signature |',
    '|---|---|',
    `| raw node:crypto ECDSA P-256 / SHA-256 (baseline) | ${r.rawEcdsaMs.toFixed(3)} |`,
    `| countersign(): CMS SignedData + built-in TSA timestamp | ${r.countersignMs.toFixed(2)} |`,
    '',
    `**Cost per signature: ${r.ratio.toFixed(1)}× a raw ECDSA signature** (two ECDSA signatures, key import, ASN.1 encoding and parsing). An external TSA (TSA_URL) adds its network round trip.`,
    '',
  ];
}
