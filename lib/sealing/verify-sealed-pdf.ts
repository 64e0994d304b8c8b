import { PDF, type PdfArray, type PdfDict, type PdfString } from '@libpdf/core';
import { verifyBundle } from '../evidence/verify-countersignature-member';
import { engine, hex, parseCertificate, sha256, toArrayBuffer } from '../pki/crypto';
import { decodeSignedData, findAttribute } from '../pki/signed-data';
import { OID } from '../pki/oids';
import { readTstInfo } from '../pki/timestamp-authority';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface SealedPdfReport {
  ok: boolean;
  checks: Check[];
}

/**
 * Verifies a sealed PDF offline: every signature field's CMS over its /ByteRange (CAdES signatures
 * judged at their signature timestamp's genTime, so they verify after the certificate expired;
 * document timestamps by their TSTInfo imprint), that the last signature covers the whole file,
 * and every embedded evidence bundle (verifyBundle) against the original document it names.
 * `trustedRoots`: the organisation root(s) as obtained independently; without them, the roots in
 * the evidence bundles are used (and the report says so).
 */
export async function verifySealedPdf(bytes: Uint8Array, trustedRoots?: Uint8Array[]): Promise<SealedPdfReport> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string): void => void checks.push({ name, ok, detail });
  let pdf: PDF;
  try {
    pdf = await PDF.load(bytes);
  } catch (e) {
    add('pdf', false, `expected a PDF the library can read: ${(e as Error).message}`);
    return { ok: false, checks };
  }
  const attachments = pdf.getAttachments();
  const bundles: { name: string; bundle: unknown }[] = [];
  for (const name of attachments.keys()) {
    if (!/^evidence-.*\.json$/.test(name)) continue;
    const data = pdf.getAttachment(name);
    try {
      bundles.push({ name, bundle: JSON.parse(new TextDecoder().decode(data ?? new Uint8Array())) });
    } catch (e) {
      add(`evidence ${name}`, false, `expected JSON: ${(e as Error).message}`);
    }
  }
  add('evidence attached', bundles.length > 0, `${bundles.length} evidence bundle(s) embedded`);
  const roots = trustedRoots ?? bundles.flatMap(({ bundle }) => rootsOf(bundle));
  if (!trustedRoots) add('trust anchor', roots.length > 0, 'using the root certificate inside the evidence (pass --ca to use one you obtained yourself)');
  const anchors = roots.map((r) => parseCertificate(r, 'root'));

  const fields = pdf.getForm()?.getSignatureFields().filter((f) => f.isSigned()) ?? [];
  add('signatures', fields.length > 0, `${fields.length} signature field(s)`);
  let lastEnd = 0;
  for (const field of fields) {
    const dict = field.getSignatureDict();
    if (!dict) continue;
    const range = byteRange(dict);
    const contents = (dict.getString('Contents') as PdfString | undefined)?.bytes;
    if (!range || !contents) {
      add(`signature ${field.name}`, false, 'expected /ByteRange and /Contents');
      continue;
    }
    const [a, b, c, d] = range;
    lastEnd = Math.max(lastEnd, c + d);
    const signed = new Uint8Array(Buffer.concat([Buffer.from(bytes.subarray(a, a + b)), Buffer.from(bytes.subarray(c, c + d))]));
    const subFilter = dict.getName('SubFilter')?.value ?? '';
    try {
      const sd = decodeSignedData(contents.subarray(0, derLength(contents)));
      // A document timestamp (ETSI.RFC3161) is a TimeStampToken: its SignedData encapsulates a TSTInfo.
      if (sd.encapContentInfo.eContentType === OID.tstInfo) {
        const tst = readTstInfo(contents.subarray(0, derLength(contents)));
        const imprintOk = hex(new Uint8Array(tst.messageImprint.hashedMessage.getValue())) === hex(sha256(signed));
        const sigOk = await sd.verify({ signer: 0, data: toArrayBuffer(signed), trustedCerts: anchors, checkChain: true, checkDate: tst.genTime }, engine);
        add(`document timestamp ${field.name}`, imprintOk && sigOk, `genTime ${tst.genTime.toISOString()}, imprint ${imprintOk ? 'matches' : 'does NOT match'} the signed ranges`);
      } else {
        const signerInfo = sd.signerInfos[0];
        const ts = findAttribute(signerInfo?.unsignedAttrs, OID.signatureTimeStampToken);
        const tokenValue: unknown = ts?.values[0];
        const genTime = tokenValue && typeof tokenValue === 'object' && 'toBER' in tokenValue ? readTstInfo(new Uint8Array((tokenValue as { toBER(): ArrayBuffer }).toBER())).genTime : undefined;
        const ok = await sd.verify({ signer: 0, data: toArrayBuffer(signed), trustedCerts: anchors, checkChain: true, ...(genTime ? { checkDate: genTime } : {}) }, engine);
        add(`signature ${field.name} (${subFilter})`, ok, genTime ? `verifies at its signature timestamp ${genTime.toISOString()}` : 'no signature timestamp; judged now');
      }
    } catch (e) {
      add(`signature ${field.name}`, false, (e as Error).message);
    }
  }
  add('whole file', lastEnd === bytes.length, lastEnd === bytes.length ? 'the last signature covers the whole file' : `the last signature ends at ${lastEnd} of ${bytes.length} bytes: something was appended after it`);

  for (const { name, bundle } of bundles) {
    const doc = (bundle as { record?: { document?: { name?: string; size?: number } } }).record?.document;
    const original = doc?.name && attachments.has(doc.name) ? pdf.getAttachment(doc.name) : doc?.size !== undefined ? bytes.subarray(0, doc.size) : null;
    const report = await verifyBundle(bundle, { ...(original ? { documentSha256: hex(sha256(original)) } : {}), ...(trustedRoots ? { trustedRoots } : {}) });
    for (const c of report.checks) add(`${name}: ${c.name}`, c.ok, c.detail);
  }
  return { ok: checks.every((c) => c.ok), checks };
}

function byteRange(dict: PdfDict): [number, number, number, number] | undefined {
  const arr = dict.getArray('ByteRange') as PdfArray | undefined;
  const values = arr?.toArray().map((v) => (v as { value?: unknown }).value);
  return values?.length === 4 && values.every((v) => typeof v === 'number') ? (values as [number, number, number, number]) : undefined;
}

function rootsOf(bundle: unknown): Uint8Array[] {
  const pem = (bundle as { certificates?: string }).certificates ?? '';
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s/g, ''), 'base64')));
  return blocks.slice(-1);
}

/** Length of the DER element at the start (the /Contents hex string is zero-padded). */
function derLength(b: Uint8Array): number {
  const first = b[1] ?? 0;
  if (first < 0x80) return 2 + first;
  let len = 0;
  for (let i = 0; i < (first & 0x7f); i++) len = len * 256 + (b[2 + i] ?? 0);
  return 2 + (first & 0x7f) + len;
}
