import * as asn1js from 'asn1js';

/**
 * Assembling DER from pieces asn1js has already encoded, for the structures the signing path builds
 * on every call (countersign.ts, local-tsa.ts, signed-data-signer.ts).
 *
 * Everything fixed for a signer (its certificates, SignerIdentifier, algorithm identifiers, the ESS
 * signingCertificateV2 attribute) is encoded by asn1js/pkijs once; each call encodes only what
 * changes (digests, times, serials, signatures) with asn1js. `constructed` then wraps such pieces:
 * the identifier and length octets come from asn1js (see header) and the contents octets are the
 * pieces, concatenated in order. That concatenation of pre-encoded DER is the only place bytes are
 * joined by hand; no tag or length is computed here.
 */

export interface Tag {
  /** X.690 tag class: 1 universal, 3 context-specific. */
  tagClass: 1 | 3;
  tagNumber: number;
}

export const SEQUENCE: Tag = { tagClass: 1, tagNumber: 16 };
export const SET: Tag = { tagClass: 1, tagNumber: 17 };
/** A constructed OCTET STRING (BER, X.690 §8.7.3), as pkijs encodes encapsulated content. */
export const OCTET_STRING: Tag = { tagClass: 1, tagNumber: 4 };
export const context = (tagNumber: number): Tag => ({ tagClass: 3, tagNumber });

/** The DER of an asn1js value (or a pkijs object's schema). */
export function derOf(value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Uint8Array<ArrayBuffer> {
  return new Uint8Array(value.toBER(false));
}

/** Pre-encoded DER elements, back to back (the contents octets of a constructed encoding). */
export function concatDer(pieces: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of pieces) length += p.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/**
 * A constructed element with this tag whose contents are the given pre-encoded DER elements.
 * The caller orders a SET OF itself when DER requires it (X.690 §11.6; see sortDer).
 */
export function constructed(tag: Tag, pieces: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let length = 0;
  for (const p of pieces) length += p.byteLength;
  return concatDer([header(tag, length, true), ...pieces]);
}

/**
 * An OCTET STRING (X.690 §8.7): primitive, its contents octets the value itself, so the identifier
 * and length octets from asn1js (header) followed by the bytes are its DER.
 */
export function octetString(value: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatDer([header(OCTET_STRING, value.byteLength, false), value]);
}

/** Identifier and length octets by tag and contents length; bounded, since lengths on the signing path barely vary. */
const headers = new Map<number, Uint8Array>();
const MAX_HEADERS = 4096;

/**
 * The identifier and length octets of an element (X.690 §8.1.2-3, definite form as DER requires,
 * §10.1), as asn1js encodes them: asn1js encodes an element of this tag and contents length once
 * (a Primitive with zero contents, its identifier marked constructed when asked, which asn1js then
 * writes exactly as a Constructed of that length) and the octets before the contents are kept.
 * They depend on nothing else, and asn1js spends ~10-20 µs building each element, which was the
 * bulk of a countersignature's CPU.
 */
function header(tag: Tag, length: number, isConstructed: boolean): Uint8Array {
  const key = ((tag.tagClass * 64 + tag.tagNumber) * 2 + (isConstructed ? 1 : 0)) * 2 ** 32 + length;
  let octets = headers.get(key);
  if (!octets) {
    const block = new asn1js.Primitive({ idBlock: { tagClass: tag.tagClass, tagNumber: tag.tagNumber }, valueHex: new Uint8Array(length) });
    block.idBlock.isConstructed = isConstructed;
    const der = derOf(block);
    octets = der.slice(0, der.byteLength - length);
    if (headers.size >= MAX_HEADERS) headers.clear();
    headers.set(key, octets);
  }
  return octets;
}

/**
 * Sorts encodings into DER SET OF order: compared as octet strings, the shorter padded with zeros
 * at the end (X.690 §11.6).
 */
export function sortDer(pieces: readonly Uint8Array[]): Uint8Array[] {
  return [...pieces].sort((x, y) => {
    const n = Math.max(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
}
