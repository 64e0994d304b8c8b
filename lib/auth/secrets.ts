import { createHash } from 'node:crypto';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Random } from '../clock';

/**
 * Bearer secrets (session cookies, setup/invite links, API keys): 256 random bits, base64url, with a
 * readable prefix so a leaked one can be recognised (e.g. by secret scanners). Only SHA-256 is
 * stored: a database leak yields nothing that signs anyone in.
 */
export function newSecret(random: Random, prefix: string): string {
  return `${prefix}${isoBase64URL.fromBuffer(random.bytes(32))}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export const SECRET_PREFIX = { session: 'ss_', invite: 'iv_', apiKey: 'sk_' } as const;
