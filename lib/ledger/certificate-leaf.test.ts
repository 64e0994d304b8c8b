import { describe, expect, it } from 'vitest';
import { encodeCertificateLeaf, leafDomain, type CertificateLeafInput } from './certificate-leaf';
import { LedgerError } from './ledger-error';
import { encodeSignatureLeaf } from './signature-leaf';

const input: CertificateLeafInput = {
  eventId: '0b5f0c64-3a5e-4a8e-9d55-0b1f4c1c2d3e',
  event: 'activate',
  certificateId: '9a1d7c0e-52a4-4f7e-8d1b-6a0f2f3b4c5d',
  role: 'signing',
  fingerprint: 'ab'.repeat(32),
  serial: '01f3',
  subject: 'CN=Acme Signing, O=Acme',
  notBefore: '2026-03-01T00:00:00.000Z',
  notAfter: '2027-03-01T00:00:00.000Z',
  at: '2026-03-01T12:00:00.000Z',
};
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('encodeCertificateLeaf', () => {
  it('writes the canonical lines under their own type tag', () => {
    expect(text(encodeCertificateLeaf(input))).toBe(
      [
        'signet.ledger.certificate/v1',
        'event:activate',
        `event-id:${input.eventId}`,
        `certificate-id:${input.certificateId}`,
        'role:signing',
        `fingerprint-sha256:${'ab'.repeat(32)}`,
        'serial:01f3',
        'subject:"CN=Acme Signing, O=Acme"',
        'not-before:2026-03-01T00:00:00.000Z',
        'not-after:2027-03-01T00:00:00.000Z',
        'at:2026-03-01T12:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('adds the reason and revocation time for a revoke, as one ASCII line even with line breaks and accents', () => {
    const leaf = text(encodeCertificateLeaf({ ...input, event: 'revoke', revocation: { reason: 'key leaked\nby Zoë', revokedAt: '2026-03-02T08:00:00.000Z' } }));
    expect(leaf.endsWith('revocation-reason:"key leaked\\nby Zo\\u00eb"\nrevoked-at:2026-03-02T08:00:00.000Z\n')).toBe(true);
    expect(leaf.startsWith('signet.ledger.certificate/v1\nevent:revoke\n')).toBe(true);
  });

  it('differs whenever a committed field differs', () => {
    const base = text(encodeCertificateLeaf(input));
    for (const change of [{ fingerprint: 'cd'.repeat(32) }, { serial: '01f4' }, { subject: 'CN=Other' }, { event: 'issue' as const }, { at: '2026-03-01T12:00:00.001Z' }]) {
      expect(text(encodeCertificateLeaf({ ...input, ...change }))).not.toBe(base);
    }
  });

  it('refuses a revoke without its reason, a reason on another event, and a non-canonical field', () => {
    expect(() => encodeCertificateLeaf({ ...input, event: 'revoke' })).toThrow(LedgerError);
    expect(() => encodeCertificateLeaf({ ...input, revocation: { reason: 'x', revokedAt: input.at } })).toThrow(/exactly when the event is revoke/);
    expect(() => encodeCertificateLeaf({ ...input, fingerprint: 'AB'.repeat(32) })).toThrow(/fingerprint-sha256/);
    expect(() => encodeCertificateLeaf({ ...input, at: '2026-03-01T12:00:00Z' })).toThrow(/ at /);
    expect(() => encodeCertificateLeaf({ ...input, event: 'renew' as never })).toThrow(/event to be one of/);
  });

  it('names the type of a leaf, so the two kinds are never confused', () => {
    expect(leafDomain(encodeCertificateLeaf(input))).toBe('signet.ledger.certificate/v1');
    const signature = encodeSignatureLeaf({
      recordId: 'r', requestId: 'q', signerId: 's', signedAt: input.at, documentSha256: 'ab'.repeat(32), credentialId: 'c',
      statement: '', clientDataJSON: '', authenticatorData: '', signature: '', publicKey: '',
    });
    expect(leafDomain(signature)).toBe('signet.ledger.signature/v1');
  });
});
