/**
 * Helpers for lib/pki tests only (never imported by production code): running the openssl CLI on
 * files in a temporary directory, and reading or altering a countersignature with pkijs.
 */
import * as asn1js from 'asn1js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toBytes } from './crypto';
import { OID } from './oids';
import { toPem } from './pem';
import { decodeSignedData, encodeSignedData, findAttribute } from './signed-data';

export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The command line, for failure messages and docs. */
  command: string;
}

/** Runs `openssl …args` in `cwd`; never throws for a non-zero exit. */
export function openssl(args: string[], cwd: string): OpensslResult {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, command: `openssl ${args.join(' ')}` };
}

/** A fresh temporary directory with a writer for binary or text files, and cleanup. */
export function scratchDir(): { dir: string; write: (name: string, data: Uint8Array | string) => string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'signet-pki-'));
  return {
    dir,
    write: (name, data) => {
      const file = path.join(dir, name);
      writeFileSync(file, data);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const certPem = (der: Uint8Array): string => toPem(der, 'CERTIFICATE');

/** The signatureTimeStampToken (DER ContentInfo) and the signature value it stamps. */
export function extractTimestamp(cms: Uint8Array): { token: Uint8Array; signatureValue: Uint8Array } {
  const signerInfo = decodeSignedData(cms).signerInfos[0];
  if (!signerInfo) throw new Error('no SignerInfo');
  const attr = findAttribute(signerInfo.unsignedAttrs, OID.signatureTimeStampToken);
  const value: unknown = attr?.values[0];
  if (!(value instanceof asn1js.BaseBlock)) throw new Error('no signatureTimeStampToken');
  return { token: new Uint8Array(value.toBER(false)), signatureValue: toBytes(signerInfo.signature.getValue()) };
}

/** The CMS with one bit of the SignerInfo signature value flipped (last byte, inside ECDSA's s). */
export function tamperSignature(cms: Uint8Array): Uint8Array {
  const signedData = decodeSignedData(cms);
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error('no SignerInfo');
  const sig = toBytes(signerInfo.signature.getValue());
  sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0x01;
  signerInfo.signature = new asn1js.OctetString({ valueHex: sig.buffer });
  return encodeSignedData(signedData);
}

/** The CMS with its unsigned attributes (the timestamp) removed. */
export function stripTimestamp(cms: Uint8Array): Uint8Array {
  const signedData = decodeSignedData(cms);
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new Error('no SignerInfo');
  delete signerInfo.unsignedAttrs;
  return encodeSignedData(signedData);
}
