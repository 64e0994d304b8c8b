/**
 * Maps the shared verifier's check names (lib/evidence: verify-evidence.ts, its countersignature
 * member and v2) to message keys under "verify.checks", so people read a sentence while the
 * developer detail stays the verifier's own text. v2 names are "signature N (name): <check>".
 */
const KEYS: Record<string, string> = {
  format: 'format',
  statement: 'statement',
  'statement names the document': 'statementDocument',
  clientDataJSON: 'clientData',
  'challenge = SHA-256(statement)': 'challenge',
  type: 'type',
  origin: 'origin',
  'rpIdHash = SHA-256(rpId)': 'rpId',
  'user present and verified': 'userVerified',
  signature: 'signature',
  document: 'document',
  'ledger entry = canonical leaf': 'ledgerLeaf',
  'ledger checkpoint signature': 'checkpoint',
  'ledger inclusion proof': 'inclusion',
  'other members': 'otherMembers',
  'countersignature members': 'countersignatureMembers',
  'countersigned payload = this record': 'payload',
  certificates: 'certificates',
  'timestamp member': 'timestampMember',
  'belongs to this request': 'belongs',
  'statement commits to the roster': 'roster',
  'signing order': 'order',
  'every signer signed': 'everySigner',
  'request not complete': 'incomplete',
  'countersignature cms-structure': 'cmsStructure',
  'countersignature signer-certificate': 'signerCertificate',
  'countersignature content-type': 'contentType',
  'countersignature message-digest': 'messageDigest',
  'countersignature signature': 'csSignature',
  'countersignature signing-certificate-v2': 'signingCertificateV2',
  'countersignature signer-key-usage': 'signerKeyUsage',
  'countersignature timestamp-token': 'timestampToken',
  'countersignature timestamp-imprint': 'timestampImprint',
  'countersignature timestamp-tsa-eku': 'timestampTsaEku',
  'countersignature timestamp-chain': 'timestampChain',
  'countersignature signer-valid-at-timestamp': 'signerValidAtTimestamp',
  'countersignature signer-chain': 'signerChain',
  'countersignature signing-time': 'signingTime',
  'countersignature unexpected-error': 'unexpectedError',
};

export interface NamedCheck {
  /** "signature 2 (Ada)" for a v2 signature's check, null otherwise. */
  group: string | null;
  /** Message key under verify.checks. */
  key: string;
}

export function nameCheck(name: string): NamedCheck {
  const m = /^signature (\d+) \((.*)\): (.*)$/s.exec(name) ?? /^(signature \d+): (.*)$/s.exec(name);
  const group = m ? (m.length === 4 ? `${m[1]}|${m[2]}` : `${m[1]!.slice('signature '.length)}|`) : null;
  const base = m ? m[m.length - 1]! : name;
  const key = KEYS[base] ?? (base.startsWith('countersignature ') ? 'countersignature' : 'other');
  return { group, key };
}
