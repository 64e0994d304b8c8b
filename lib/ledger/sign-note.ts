import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { concatBytes, fromB64u, utf8 } from '../encoding';
import { encodeBase64 } from './base64';
import { LedgerError } from './ledger-error';
import { assertNoteText, SIGNATURE_PREFIX } from './signed-note';
import { assertKeyName, noteKeyId } from './verifier-key';

/*
 * The signing half of c2sp.org/signed-note, server-only (Node KeyObjects). The verifying half,
 * signed-note.ts, stays free of node:* so the browser verifier shares it.
 */

/** The 32-byte RFC 8032 encoding of an Ed25519 public key (or of a private key's public half). */
export function rawEd25519PublicKey(key: KeyObject): Uint8Array {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new LedgerError('INVALID_ARGUMENT', `expected an Ed25519 key, got a ${String(publicKey.asymmetricKeyType)} key`);
  }
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new LedgerError('INVALID_ARGUMENT', 'expected the Ed25519 key to export its public point, it did not');
  return fromB64u(x);
}

/**
 * Signs `text` with an Ed25519 key and returns the note: text, blank line, one signature line
 * "— <keyName> base64(key ID ‖ Ed25519 signature over the text's UTF-8 bytes)".
 */
export function signNote(text: string, keyName: string, privateKey: KeyObject): string {
  assertNoteText(text, 'the text to sign');
  if (!text.endsWith('\n')) throw new LedgerError('INVALID_ARGUMENT', `expected the text to sign to end with a newline, it ends with ${JSON.stringify(text.slice(-1))}`);
  assertKeyName(keyName);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new LedgerError('INVALID_ARGUMENT', `expected an Ed25519 private key, got a ${privateKey.type} ${String(privateKey.asymmetricKeyType)} key`);
  }
  const keyId = new Uint8Array(4);
  new DataView(keyId.buffer).setUint32(0, noteKeyId(keyName, rawEd25519PublicKey(privateKey)));
  const signature = new Uint8Array(sign(null, utf8(text), privateKey));
  return `${text}\n${SIGNATURE_PREFIX}${keyName} ${encodeBase64(concatBytes(keyId, signature))}\n`;
}
