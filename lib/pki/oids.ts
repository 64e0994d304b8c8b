/** Object identifiers used by lib/pki, each with the document that defines it. */
export const OID = {
  /** id-data, RFC 5652 §4. */
  data: '1.2.840.113549.1.7.1',
  /** id-signedData, RFC 5652 §5.1. */
  signedData: '1.2.840.113549.1.7.2',
  /** id-ct-TSTInfo, RFC 3161 §2.4.2. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** id-contentType attribute, RFC 5652 §11.1. */
  contentType: '1.2.840.113549.1.9.3',
  /** id-messageDigest attribute, RFC 5652 §11.2. */
  messageDigest: '1.2.840.113549.1.9.4',
  /** id-signingTime attribute, RFC 5652 §11.3. */
  signingTime: '1.2.840.113549.1.9.5',
  /** id-aa-signingCertificateV2, RFC 5035 §3. */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** id-aa-signingCertificate (version 1, SHA-1), RFC 2634 §5.4; read from external TSA tokens only. */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** id-aa-signatureTimeStampToken, RFC 3161 Appendix A (CAdES-T, ETSI EN 319 122-1 §5.3). */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  /** id-sha1, RFC 3279 §2.2.1. */
  sha1: '1.3.14.3.2.26',
  /** id-sha256, RFC 5754 §2.2. */
  sha256: '2.16.840.1.101.3.4.2.1',
  /** id-kp-timeStamping, RFC 5280 §4.2.1.12. */
  kpTimeStamping: '1.3.6.1.5.5.7.3.8',
  /** extKeyUsage extension, RFC 5280 §4.2.1.12. */
  extKeyUsage: '2.5.29.37',
  /** keyUsage extension, RFC 5280 §4.2.1.3. */
  keyUsage: '2.5.29.15',
  /** basicConstraints extension, RFC 5280 §4.2.1.9. */
  basicConstraints: '2.5.29.19',
  /**
   * Default TSA policy of the built-in time-stamping authority (RFC 3161 §2.4.2 `policy`).
   *
   * PLACEHOLDER: 1.3.6.1.4.1.32473 is the IANA Private Enterprise Number reserved for documentation
   * (RFC 5612), not an arc Signet owns. It stands in until the organisation registers its own PEN;
   * deployments should set their own policy OID through LocalTsa's `policy` option.
   */
  signetTsaPolicy: '1.3.6.1.4.1.32473.3161.1',
} as const;
