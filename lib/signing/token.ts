import { createHash } from 'node:crypto';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Random } from '../clock';

/** 128 bits: unguessable, and short enough to keep the QR code scannable. */
const TOKEN_BYTES = 16;

export function newSigningToken(random: Random): string {
  return isoBase64URL.fromBuffer(random.bytes(TOKEN_BYTES));
}

/** Only this digest is stored, so a database leak does not leak working signing links. */
export function hashSigningToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
