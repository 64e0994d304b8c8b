/**
 * COSE algorithm identifiers offered for new passkeys, staff and signers alike (RFC 9053 §2.1,
 * RFC 8812 §2): EdDSA (-8), ES256 (-7), RS256 (-257) — what SimpleWebAuthn verifies and what
 * lib/webauthn/cose-to-spki.ts can export as SPKI for the evidence bundle.
 */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];
