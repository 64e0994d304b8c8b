import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeSignatureLeaf, type SignatureLeafInput } from './signature-leaf';

const b64u = (text: string): string => Buffer.from(text).toString('base64url');
const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const input: SignatureLeafInput = {
  recordId: '5e8c15c8-ccd3-4a38-9b2e-8ae19bde79f3',
  requestId: '1312f238-6748-4f48-b20b-4cbeb3686760',
  signerId: '68ebff68-3fbe-46a8-a8f1-649a3e9c859d',
  signedAt: '2026-03-01T12:00:28.000Z',
  documentSha256: hex('document'),
  credentialId: '6UW_ckOatRa8s3MzmKiRVQ',
  statement: b64u('statement'),
  clientDataJSON: b64u('clientDataJSON'),
  authenticatorData: b64u('authenticatorData'),
  signature: b64u('signature'),
  publicKey: b64u('publicKey'),
};

describe('encodeSignatureLeaf', () => {
  it('writes the twelve canonical lines, hashing the decoded byte strings', () => {
    expect(Buffer.from(encodeSignatureLeaf(input)).toString('ascii')).toBe(
      [
        'signet.ledger.signature/v1',
        `record-id:${input.recordId}`,
        `request-id:${input.requestId}`,
        `signer-id:${input.signerId}`,
        `signed-at:${input.signedAt}`,
        `document-sha256:${input.documentSha256}`,
        `credential-id:${input.credentialId}`,
        `statement-sha256:${hex('statement')}`,
        `client-data-json-sha256:${hex('clientDataJSON')}`,
        `authenticator-data-sha256:${hex('authenticatorData')}`,
        `signature-sha256:${hex('signature')}`,
        `public-key-sha256:${hex('publicKey')}`,
        '',
      ].join('\n'),
    );
  });

  it('refuses values that could forge another line or are not in canonical form', () => {
    const bad: Partial<SignatureLeafInput>[] = [
      { recordId: `${input.recordId}\nsigner-id:someone-else` },
      { requestId: 'has:colon' },
      { signedAt: '2026-03-01T12:00:28Z' },
      { documentSha256: input.documentSha256.toUpperCase() },
      { credentialId: '' },
      { signature: `${input.signature}=` },
      { publicKey: 'not base64url!' },
    ];
    for (const change of bad) {
      expect(() => encodeSignatureLeaf({ ...input, ...change }), JSON.stringify(change)).toThrow(/expected the signature leaf's/);
    }
  });
});
