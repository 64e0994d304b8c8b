/** What the signature page shows and the sealed PDF carries: read from the stored records, never recomputed. */
export interface SealSigner {
  name: string;
  /** ISO 8601. */
  signedAt: string;
  userVerified: boolean;
  backedUp: boolean;
  credentialId: string;
  /** The organisation countersignature's RFC 3161 genTime, ISO 8601. */
  timestampedAt: string;
  ledgerIndex: number | null;
  /** Name of the embedded evidence bundle. */
  evidenceName: string;
}

export interface SealFacts {
  requestId: string;
  title: string;
  organisation: string;
  document: { name: string; sha256: string; size: number; mediaType: string };
  signers: SealSigner[];
  /** The countersigning certificate. */
  certificate: { subject: string; issuer: string; serial: string; fingerprint: string; notAfter: string };
  /** Where the QR code leads: a public page a reader can check against. */
  verifyUrl: string;
}
