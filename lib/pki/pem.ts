import { toArrayBuffer, toBytes, x509 } from './crypto';
import { PkiError } from './pki-errors';

/** One PEM block (RFC 7468 §2): its label ("CERTIFICATE", "PRIVATE KEY", …) and DER bytes. */
export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

/** Encodes DER as PEM with the given label (RFC 7468), via @peculiar/x509's PemConverter. */
export function toPem(der: Uint8Array, label: string): string {
  return x509.PemConverter.encode(toArrayBuffer(der), label);
}

/**
 * Decodes every PEM block in a text. MALFORMED_PEM when there is none, or a block's base64 does not
 * decode; `expected` names what the caller wanted, for the message.
 */
export function decodePem(text: string, expected: string): PemBlock[] {
  let blocks: { type: string; rawData: ArrayBuffer }[];
  try {
    blocks = x509.PemConverter.decodeWithHeaders(text);
  } catch (e) {
    throw new PkiError('MALFORMED_PEM', `expected PEM ${expected}; the text does not decode: ${(e as Error).message}`, { cause: e });
  }
  if (blocks.length === 0) {
    const start = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new PkiError('MALFORMED_PEM', `expected PEM ${expected} ("-----BEGIN …-----" blocks), found none in ${text.length} characters starting "${start}"`);
  }
  return blocks.map((b) => ({ label: b.type, der: toBytes(b.rawData) }));
}
