/**
 * Independent validators for sealed PDFs, for tests only: poppler's pdfsig (with the Signet root
 * in an NSS database via certutil), mupdf's `mutool sign -v`, `qpdf --check` and `qpdf --json`
 * (to read the DSS streams), and openssl for the CMS, the timestamps and the CRLs.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { scratchDir } from '../pki/test-support';

export interface Run {
  code: number;
  out: string;
}

export function run(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

export interface PdfSignature {
  byteRange: [number, number, number, number];
  /** The DER CMS from /Contents, trailing zero padding removed by its own length. */
  contents: Uint8Array;
  docTimestamp: boolean;
}

/** Reads each signature dictionary's /ByteRange and /Contents (test inspection of our own output). */
export function signaturesOf(pdf: Uint8Array): PdfSignature[] {
  const text = Buffer.from(pdf).toString('latin1');
  const out: PdfSignature[] = [];
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const br = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const hexText = text.slice(br[0] + br[1] + 1, br[2] - 1);
    const raw = Buffer.from(hexText, 'hex');
    const dict = text.slice(Math.max(0, m.index - 400), m.index + 100);
    out.push({ byteRange: br, contents: new Uint8Array(raw.subarray(0, derLength(raw))), docTimestamp: /DocTimeStamp|ETSI\.RFC3161/.test(dict.slice(dict.lastIndexOf('obj'))) });
  }
  return out;
}

/** Total length of the DER element at the start of `b` (definite lengths only). */
function derLength(b: Buffer): number {
  const first = b[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (b[2 + i] ?? 0);
  return 2 + n + len;
}

export function signedBytes(pdf: Uint8Array, sig: PdfSignature): Uint8Array {
  const [a, b, c, d] = sig.byteRange;
  return Buffer.concat([Buffer.from(pdf.subarray(a, a + b)), Buffer.from(pdf.subarray(c, c + d))]);
}

/** The DSS streams (certificates and CRLs, DER) as qpdf reads them. */
export function dssOf(file: string, cwd: string): { certs: Buffer[]; crls: Buffer[] } {
  const json = run('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file], cwd);
  const doc = JSON.parse(json.out.slice(json.out.indexOf('{'))) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown>; stream?: { dict: Record<string, unknown>; data?: string } }>] };
  const objects = doc.qpdf[1];
  const trailer = objects.trailer?.value as { '/Root': string };
  const root = objects[`obj:${trailer['/Root']}`]?.value as Record<string, unknown>;
  const dssRef = root['/DSS'];
  const dss = (typeof dssRef === 'string' ? objects[`obj:${dssRef}`]?.value : dssRef) as Record<string, unknown>;
  const streams = (key: string): Buffer[] =>
    ((dss[key] as string[] | undefined) ?? []).map((ref) => Buffer.from(objects[`obj:${ref}`]?.stream?.data ?? '', 'base64'));
  return { certs: streams('/Certs'), crls: streams('/CRLs') };
}

/** A scratch directory with an NSS database trusting `rootDer` (certutil), for pdfsig. */
export function nssWithRoot(rootDer: Uint8Array): { dir: string; nss: string; write: (name: string, data: Uint8Array | string) => string; remove: () => void } {
  const s = scratchDir();
  const nss = path.join(s.dir, 'nss');
  run('mkdir', ['-p', nss], s.dir);
  const init = run('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password'], s.dir);
  if (init.code !== 0) throw new Error(`certutil -N failed: ${init.out}`);
  writeFileSync(path.join(s.dir, 'root.der'), rootDer);
  const add = run('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'signet-root', '-t', 'CT,C,C', '-i', 'root.der'], s.dir);
  if (add.code !== 0) throw new Error(`certutil -A failed: ${add.out}`);
  return { ...s, nss: `sql:${nss}` };
}
