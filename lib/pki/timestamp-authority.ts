import * as asn1js from 'asn1js';
import { bytesEqual, hex, pkijs, toArrayBuffer, toBytes } from './crypto-core';
import { OID } from './oids';
import { PkiError } from './pki-errors';
import { decodeSignedData } from './signed-data';

/**
 * A time-stamping authority speaking RFC 3161 §3: DER TimeStampReq in, DER TimeStampResp out.
 * Implementations: LocalTsa (local-tsa.ts, the built-in TSA) and HttpTsa (http-tsa.ts, an external
 * TSA over HTTP, RFC 3161 §3.4). Transport failures reject with PkiError TSA_UNAVAILABLE.
 */
export interface TimestampAuthority {
  timestamp(request: Uint8Array /* DER TimeStampReq */): Promise<Uint8Array /* DER TimeStampResp */>;
  /**
   * In-process TSAs only (LocalTsa): the token a granted timestamp() would carry for a SHA-256
   * imprint, this nonce and certReq = true, handed over as DER with its genTime and serial. The
   * caller runs in the same process as the TSA, so encoding a TimeStampReq for it and parsing back
   * the TimeStampResp it encoded proves nothing; an external TSA has no such method and goes
   * through timestamp() and acceptTimestampResponse. Rejects with TSA_UNAVAILABLE where
   * timestamp() would answer a rejection.
   */
  issueToken?(sha256Digest: Uint8Array, nonce: Uint8Array /* INTEGER contents, as nonceValue gives */): Promise<IssuedToken>;
}

/** A TimeStampToken as the built-in TSA issued it. */
export interface IssuedToken {
  /** DER ContentInfo (RFC 3161 §2.4.2), ready to embed as an attribute value. */
  token: Uint8Array;
  genTime: Date;
  /** TSTInfo.serialNumber, INTEGER contents. */
  serialNumber: Uint8Array;
}

/** PKIFailureInfo bit numbers (RFC 3161 §2.4.2). */
export const PKI_FAILURE = { badAlg: 0, badRequest: 2, badDataFormat: 5, timeNotAvailable: 14, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;

/** Builds a DER TimeStampReq (RFC 3161 §2.4.1) for a SHA-256 hash, with a nonce and certReq = true. */
export function createTimestampRequest(sha256Digest: Uint8Array, nonce: Uint8Array, reqPolicy?: string): Uint8Array<ArrayBuffer> {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(sha256Digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(positive(nonce)) }),
    certReq: true,
    ...(reqPolicy ? { reqPolicy } : {}),
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

/** Clears the top bit so a random INTEGER is positive (DER INTEGER is two's complement). */
function positive(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[0] = ((copy[0] ?? 0) & 0x7f) | 0x01;
  return copy;
}

/** The nonce createTimestampRequest will put on the wire for these random bytes. */
export function nonceValue(bytes: Uint8Array): Uint8Array {
  return positive(bytes);
}

export interface ParsedToken {
  /** DER ContentInfo: the TimeStampToken (RFC 3161 §2.4.2), ready to embed as an attribute value. */
  token: Uint8Array;
  tstInfo: pkijs.TSTInfo;
}

/**
 * Reads a TimeStampResp and checks it answers this request: status granted (or grantedWithMods),
 * a token whose TSTInfo carries our messageImprint and our nonce (RFC 3161 §2.4.2). Anything else is
 * TSA_UNAVAILABLE, with what was expected and what arrived: Signet never stamps a signature with a
 * time it did not get from the TSA.
 */
export function acceptTimestampResponse(responseDer: Uint8Array, sha256Digest: Uint8Array, nonce: Uint8Array): ParsedToken {
  const fail = (detail: string, cause?: unknown): never => {
    throw new PkiError('TSA_UNAVAILABLE', `the TSA response is not usable: ${detail}`, cause === undefined ? undefined : { cause });
  };
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(toArrayBuffer(responseDer));
  } catch (e) {
    return fail(`expected a DER TimeStampResp, ${responseDer.byteLength} bytes did not parse (${(e as Error).message})`, e);
  }
  const status = resp.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const text = resp.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    return fail(`expected status granted (0), found ${status}${text ? ` (${text})` : ''}`);
  }
  if (!resp.timeStampToken) return fail('expected a timeStampToken with status granted, found none');
  const token = new Uint8Array(resp.timeStampToken.toSchema().toBER(false));
  let tstInfo: pkijs.TSTInfo;
  try {
    tstInfo = readTstInfo(token);
  } catch (e) {
    return fail((e as Error).message, e);
  }
  const imprint = tstInfo.messageImprint;
  if (imprint.hashAlgorithm.algorithmId !== OID.sha256) {
    return fail(`expected messageImprint algorithm SHA-256 (${OID.sha256}), found ${imprint.hashAlgorithm.algorithmId}`);
  }
  const got = toBytes(imprint.hashedMessage.getValue());
  if (!bytesEqual(got, sha256Digest)) return fail(`expected messageImprint ${hex(sha256Digest)}, found ${hex(got)}`);
  const expectedNonce = nonceValue(nonce);
  const gotNonce = tstInfo.nonce ? tstInfo.nonce.valueBlock.valueHexView : undefined;
  if (!gotNonce || !bytesEqual(gotNonce, expectedNonce)) {
    return fail(`expected nonce ${hex(expectedNonce)} echoed, found ${gotNonce ? hex(gotNonce) : 'none'}`);
  }
  return { token, tstInfo };
}

/** Decodes a TimeStampToken (DER ContentInfo) down to its TSTInfo (RFC 3161 §2.4.2). */
export function readTstInfo(token: Uint8Array): pkijs.TSTInfo {
  const signedData = decodeSignedData(token);
  if (signedData.encapContentInfo.eContentType !== OID.tstInfo) {
    throw new Error(`expected a token with eContentType id-ct-TSTInfo (${OID.tstInfo}), found ${signedData.encapContentInfo.eContentType}`);
  }
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw new Error('expected the token to carry its TSTInfo (eContent), found none');
  return pkijs.TSTInfo.fromBER(eContent.getValue());
}
