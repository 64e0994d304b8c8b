import * as asn1js from 'asn1js';
import { bytesEqual, engine, hex, parseCertificate, pkijs, sha256, subjectOf, toBytes } from './crypto-core';
import { OID } from './oids';
import {
  certificateDer,
  checkSignerInfo,
  decodeSignedData,
  findAttribute,
  findSignerCertificate,
  matchSigningCertificateV2,
  readSigningCertificateV2,
} from './signed-data';
import { readTstInfo } from './timestamp-authority';

/** One named verification step; the CLI prints these. */
export interface PkiCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CountersignatureReport {
  /** Every check passed. */
  ok: boolean;
  checks: PkiCheck[];
  /** The TSA's genTime, the time the record proves; null when there is no readable timestamp. */
  genTime: Date | null;
  /** The signer's claimed signingTime attribute; null when absent. */
  signingTime: Date | null;
  /** Subject of the signer certificate, e.g. "CN=Acme, O=Acme"; null when not found. */
  signer: string | null;
  /** Subject of the TSA certificate; null when not found. */
  tsa: string | null;
  /** DER of the signatureTimeStampToken inside the CMS, as found; null when there is none. */
  timestampToken: Uint8Array | null;
}

export interface VerifyCountersignatureInput {
  /** DER ContentInfo with the detached SignedData, as countersign() made it. */
  cms: Uint8Array;
  /** The payload the signature is over. */
  payload: Uint8Array;
  /** DER root certificates the verifier trusts (the organisation's root, or a public CA's). */
  trustedRoots: Uint8Array[];
  /**
   * The verifier's clock. Used only when there is no valid timestamp, to say whether the chain
   * would verify now; with a valid timestamp every time check is against genTime.
   */
  now: Date;
}

/** How far signingTime may run ahead of genTime (clocks of signer and TSA differ a little). */
const SIGNING_TIME_TOLERANCE_MS = 5 * 60_000;

/** Name of every check, in the order reported. */
export const CHECK_NAMES = [
  'cms-structure',
  'signer-certificate',
  'content-type',
  'message-digest',
  'signature',
  'signing-certificate-v2',
  'signer-key-usage',
  'timestamp-token',
  'timestamp-imprint',
  'timestamp-tsa-eku',
  'timestamp-chain',
  'signer-valid-at-timestamp',
  'signer-chain',
  'signing-time',
  'unexpected-error',
] as const;

type CheckName = (typeof CHECK_NAMES)[number];

/**
 * Path validation with pkijs (RFC 5280 §6, without revocation: none is carried): `leaf` up to one
 * of `roots`, through `pool`, with every certificate on the path valid at `at`.
 */
async function validatePath(
  leaf: pkijs.Certificate,
  pool: pkijs.Certificate[],
  roots: pkijs.Certificate[],
  at: Date,
): Promise<{ ok: boolean; detail: string }> {
  const leafDer = certificateDer(leaf);
  const rootDers = roots.map(certificateDer);
  const intermediates = pool.filter((c) => {
    const der = certificateDer(c);
    return !bytesEqual(der, leafDer) && !rootDers.some((r) => bytesEqual(r, der));
  });
  // pkijs takes the last of `certs` as the end-entity certificate.
  const chain = new pkijs.CertificateChainValidationEngine({ trustedCerts: roots, certs: [...intermediates, leaf], checkDate: at });
  try {
    const result = await chain.verify({}, engine);
    if (result.result) {
      const path = (result.certificatePath ?? [leaf]).map((c) => `"${subjectOf(c)}"`).join(' → ');
      return { ok: true, detail: `path ${path}` };
    }
    return { ok: false, detail: result.resultMessage || `pkijs result code ${result.resultCode}` };
  } catch (e) {
    const err = e as { resultMessage?: string; message?: string };
    return { ok: false, detail: err.resultMessage ?? err.message ?? String(e) };
  }
}

function validityDetail(cert: pkijs.Certificate): string {
  return `valid ${cert.notBefore.value.toISOString()} to ${cert.notAfter.value.toISOString()}`;
}

/**
 * Verifies an organisation countersignature made by countersign(): a detached CMS SignedData
 * (RFC 5652) with an RFC 3161 signature timestamp (CAdES-T). Each step is a named check:
 *
 * - cms-structure: a ContentInfo with SignedData, one SignerInfo, detached id-data content;
 * - signer-certificate: the certificate the SignerInfo names is in SignedData.certificates;
 * - content-type, message-digest, signature: RFC 5652 §5.4/§5.6 over the payload;
 * - signing-certificate-v2: ESS certHash = SHA-256 of that certificate, issuerSerial matches
 *   (RFC 5035 §3), so no other certificate with the same key can be substituted;
 * - signer-key-usage: digitalSignature or nonRepudiation (RFC 5280 §4.2.1.3);
 * - timestamp-token: the signatureTimeStampToken is a TSTInfo SignedData whose TSA signature,
 *   messageDigest and ESS signing-certificate attribute verify (RFC 3161 §2.4.1-2);
 * - timestamp-imprint: messageImprint = SHA-256 of the SignerInfo signature value (RFC 3161 App. A);
 * - timestamp-tsa-eku: the TSA certificate has extendedKeyUsage id-kp-timeStamping only, critical
 *   (RFC 3161 §2.3);
 * - timestamp-chain: the TSA certificate chains to a trusted root, valid at genTime;
 * - signer-valid-at-timestamp, signer-chain: the signer certificate, and its path to a trusted root,
 *   were valid AT genTime — not at the verifier's now — so a record signed before the certificate
 *   expired keeps verifying after (the point of CAdES-T);
 * - signing-time: the signer's claimed signingTime is no later than genTime (+5 min tolerance).
 *
 * Revocation is not checked here (the CMS carries no CRL or OCSP data); the caller that keeps
 * revocation dates decides. Never throws for a bad input: every problem is a failed check.
 */
export async function verifyCountersignature(input: VerifyCountersignatureInput): Promise<CountersignatureReport> {
  const checks: PkiCheck[] = [];
  let found: Found = {};
  try {
    found = await runChecks(input, checks);
  } catch (e) {
    // A structure odd enough to trip pkijs or asn1js: still a report, never an exception.
    checks.push({ name: 'unexpected-error', ok: false, detail: `verification stopped: ${(e as Error).message}` });
  }
  return {
    ok: checks.length > 0 && checks.every((c) => c.ok),
    checks,
    genTime: found.genTime ?? null,
    signingTime: found.signingTime ?? null,
    signer: found.signer ?? null,
    tsa: found.tsa ?? null,
    timestampToken: found.timestampToken ?? null,
  };
}

type Found = Partial<Pick<CountersignatureReport, 'genTime' | 'signingTime' | 'signer' | 'tsa' | 'timestampToken'>>;

/** The checks in order, appended to `checks`; returns what it learnt for the report. */
async function runChecks(input: VerifyCountersignatureInput, checks: PkiCheck[]): Promise<Found> {
  const add = (name: CheckName, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const report = (found: Found = {}): Found => found;

  let roots: pkijs.Certificate[];
  try {
    roots = input.trustedRoots.map((der, i) => parseCertificate(der, `trusted root #${i + 1}`));
  } catch (e) {
    add('cms-structure', false, `the trusted roots do not parse: ${(e as Error).message}`);
    return report();
  }

  // cms-structure
  let signedData: pkijs.SignedData;
  try {
    signedData = decodeSignedData(input.cms);
  } catch (e) {
    add('cms-structure', false, `expected a DER CMS ContentInfo with SignedData: ${(e as Error).message}`);
    return report();
  }
  const signerInfo = signedData.signerInfos[0];
  const eContentType = signedData.encapContentInfo.eContentType;
  if (signedData.signerInfos.length !== 1 || !signerInfo) {
    add('cms-structure', false, `expected exactly one SignerInfo, found ${signedData.signerInfos.length}`);
    return report();
  }
  if (eContentType !== OID.data || signedData.encapContentInfo.eContent) {
    add('cms-structure', false, `expected detached content of type id-data (${OID.data}), found ${eContentType}${signedData.encapContentInfo.eContent ? ' with content embedded' : ''}`);
    return report();
  }
  add('cms-structure', true, 'SignedData, one SignerInfo, detached id-data content');

  // signer-certificate
  const carried = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const signerCert = findSignerCertificate(signerInfo, carried);
  if (!signerCert) {
    add('signer-certificate', false, `expected the certificate named by the SignerInfo among the ${carried.length} carried, found none`);
    return report();
  }
  const signer = subjectOf(signerCert);
  const signerDer = certificateDer(signerCert);
  add('signer-certificate', true, `"${signer}", serial ${signerCert.serialNumber.toBigInt().toString(16)}, ${validityDetail(signerCert)}`);

  // content-type, message-digest, signature
  const si = await checkSignerInfo(signedData, input.payload, signerCert);
  add('content-type', si.contentType.ok, si.contentType.detail);
  add('message-digest', si.digest.ok, si.digest.detail);
  add('signature', si.signature.ok, si.signature.detail);

  // signing-certificate-v2
  try {
    const attr = findAttribute(signerInfo.signedAttrs, OID.signingCertificateV2);
    if (!attr) throw new Error('expected a signed signingCertificateV2 attribute (RFC 5035), found none');
    add('signing-certificate-v2', true, matchSigningCertificateV2(readSigningCertificateV2(attr.values[0]), signerCert, signerDer));
  } catch (e) {
    add('signing-certificate-v2', false, (e as Error).message);
  }

  // signer-key-usage
  const ku = signerCert.extensions?.find((e) => e.extnID === OID.keyUsage);
  const kuBits = (ku?.parsedValue as asn1js.BitString | undefined)?.valueBlock.valueHexView[0] ?? 0;
  if (!ku) add('signer-key-usage', true, 'no keyUsage extension: every usage allowed');
  else if (kuBits & 0xc0) {
    add('signer-key-usage', true, [kuBits & 0x80 ? 'digitalSignature' : '', kuBits & 0x40 ? 'nonRepudiation' : ''].filter(Boolean).join(' + '));
  } else add('signer-key-usage', false, 'expected keyUsage digitalSignature or nonRepudiation, found neither');

  // signingTime (claimed by the signer; reported against genTime below)
  let signingTime: Date | null = null;
  try {
    const v = findAttribute(signerInfo.signedAttrs, OID.signingTime)?.values[0];
    if (v instanceof asn1js.UTCTime) signingTime = v.toDate();
  } catch {
    signingTime = null;
  }

  // timestamp-token
  const signatureValue = toBytes(signerInfo.signature.getValue());
  let genTime: Date | null = null;
  let tsaName: string | null = null;
  let tsaCert: pkijs.Certificate | undefined;
  let tokenCerts: pkijs.Certificate[] = [];
  let tstInfo: pkijs.TSTInfo | undefined;
  let timestampToken: Uint8Array | undefined;
  try {
    const attr = findAttribute(signerInfo.unsignedAttrs, OID.signatureTimeStampToken);
    const value: unknown = attr?.values[0];
    if (!attr || attr.values.length !== 1 || !(value instanceof asn1js.BaseBlock)) {
      throw new Error(`expected one unsigned signatureTimeStampToken attribute (${OID.signatureTimeStampToken}), found ${attr ? `${attr.values.length} values` : 'none'}`);
    }
    const token = new Uint8Array(value.toBER(false));
    timestampToken = token;
    const tokenSd = decodeSignedData(token);
    tstInfo = readTstInfo(token);
    tokenCerts = (tokenSd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
    const tokenSigner = tokenSd.signerInfos[0];
    if (tokenSd.signerInfos.length !== 1 || !tokenSigner) throw new Error(`expected one SignerInfo in the token, found ${tokenSd.signerInfos.length}`);
    tsaCert = findSignerCertificate(tokenSigner, [...tokenCerts, ...carried]);
    if (!tsaCert) throw new Error('expected the TSA certificate in the token or the CMS certificates, found none');
    tsaName = subjectOf(tsaCert);
    const eContent = tokenSd.encapContentInfo.eContent;
    if (!eContent) throw new Error('expected the token to carry its TSTInfo, found none');
    const tsi = await checkSignerInfo(tokenSd, toBytes(eContent.getValue()), tsaCert);
    if (!tsi.contentType.ok) throw new Error(`token ${tsi.contentType.detail}`);
    if (!tsi.digest.ok) throw new Error(`token ${tsi.digest.detail}`);
    if (!tsi.signature.ok) throw new Error(`TSA ${tsi.signature.detail}`);
    const v2 = findAttribute(tokenSigner.signedAttrs, OID.signingCertificateV2);
    const v1 = findAttribute(tokenSigner.signedAttrs, OID.signingCertificate);
    if (!v2 && !v1) throw new Error('expected the token to carry an ESS signing-certificate attribute (RFC 3161 §2.4.1), found none');
    const essDetail = matchSigningCertificateV2(readSigningCertificateV2((v2 ?? v1)?.values[0], !v2), tsaCert, certificateDer(tsaCert), 'TSA');
    genTime = tstInfo.genTime;
    add(
      'timestamp-token',
      true,
      `TSA "${tsaName}" signed genTime ${genTime.toISOString()}, serial ${hex(tstInfo.serialNumber.valueBlock.valueHexView)}, policy ${tstInfo.policy}; ESS ${essDetail}`,
    );
  } catch (e) {
    add('timestamp-token', false, (e as Error).message);
  }

  // timestamp-imprint
  if (tstInfo) {
    const alg = tstInfo.messageImprint.hashAlgorithm.algorithmId;
    const got = toBytes(tstInfo.messageImprint.hashedMessage.getValue());
    const want = sha256(signatureValue);
    if (alg !== OID.sha256) add('timestamp-imprint', false, `expected messageImprint algorithm SHA-256 (${OID.sha256}), found ${alg}`);
    else if (!bytesEqual(got, want)) add('timestamp-imprint', false, `expected messageImprint ${hex(want)} (SHA-256 of the signature value), found ${hex(got)}`);
    else add('timestamp-imprint', true, `messageImprint = SHA-256 of the signature value (${hex(want)})`);
  } else {
    add('timestamp-imprint', false, 'not checked: no readable timestamp token');
  }

  // timestamp-tsa-eku
  if (tsaCert) {
    const eku = tsaCert.extensions?.find((e) => e.extnID === OID.extKeyUsage);
    const purposes = (eku?.parsedValue as pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
    if (!eku) add('timestamp-tsa-eku', false, `expected the TSA certificate to have extendedKeyUsage id-kp-timeStamping (RFC 3161 §2.3), found none`);
    else if (!eku.critical) add('timestamp-tsa-eku', false, 'expected the TSA extendedKeyUsage to be critical (RFC 3161 §2.3), it is not');
    else if (purposes.length !== 1 || purposes[0] !== OID.kpTimeStamping) {
      add('timestamp-tsa-eku', false, `expected extendedKeyUsage id-kp-timeStamping (${OID.kpTimeStamping}) only, found ${purposes.join(', ')}`);
    } else add('timestamp-tsa-eku', true, 'critical extendedKeyUsage id-kp-timeStamping only');
  } else {
    add('timestamp-tsa-eku', false, 'not checked: no TSA certificate');
  }

  // timestamp-chain
  if (tsaCert && genTime) {
    const r = await validatePath(tsaCert, [...tokenCerts, ...carried], roots, genTime);
    add(
      'timestamp-chain',
      r.ok,
      r.ok ? `${r.detail}, valid at genTime ${genTime.toISOString()}` : `expected a path to a trusted root valid at genTime ${genTime.toISOString()}: ${r.detail}`,
    );
  } else {
    add('timestamp-chain', false, 'not checked: no valid timestamp token');
  }

  // signer-valid-at-timestamp
  const timestampOk = checks.filter((c) => c.name.startsWith('timestamp-')).every((c) => c.ok);
  if (genTime) {
    const ok = signerCert.notBefore.value <= genTime && genTime <= signerCert.notAfter.value;
    add(
      'signer-valid-at-timestamp',
      ok,
      ok
        ? `genTime ${genTime.toISOString()} is within the certificate's validity (${validityDetail(signerCert)})`
        : `expected genTime ${genTime.toISOString()} within the certificate's validity, it is ${validityDetail(signerCert)}`,
    );
  } else {
    add('signer-valid-at-timestamp', false, 'not checked: no valid timestamp token');
  }

  // signer-chain: at genTime when the timestamp holds; otherwise at now, for the report only (fails).
  const trusted = genTime !== null && timestampOk;
  const at = trusted && genTime ? genTime : input.now;
  const basis = trusted ? 'genTime' : "the verifier's now (no valid timestamp, so this check cannot pass)";
  const sc = await validatePath(signerCert, carried, roots, at);
  add(
    'signer-chain',
    sc.ok && trusted,
    sc.ok ? `${sc.detail}, valid at ${basis} ${at.toISOString()}` : `expected a path to a trusted root valid at ${basis} ${at.toISOString()}: ${sc.detail}`,
  );

  // signing-time
  if (!signingTime) add('signing-time', false, 'expected a signed signingTime attribute (RFC 5652 §11.3), found none');
  else if (!genTime) add('signing-time', false, `signingTime ${signingTime.toISOString()} claimed; no genTime to compare with`);
  else if (signingTime.getTime() > genTime.getTime() + SIGNING_TIME_TOLERANCE_MS) {
    add('signing-time', false, `expected signingTime no later than genTime ${genTime.toISOString()} (+5 min), found ${signingTime.toISOString()}`);
  } else add('signing-time', true, `signingTime ${signingTime.toISOString()}, genTime ${genTime.toISOString()}`);

  return report({ genTime, signingTime, signer, tsa: tsaName, timestampToken });
}
