import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8 } from '../encoding';
import { decodeBase64Strict } from './base64';
import { LedgerError } from './ledger-error';
import { formatKeyId, isValidKeyName, isWellFormedUtf16, type VerifierKey } from './verifier-key';

/**
 * c2sp.org/signed-note, the envelope a checkpoint travels in:
 *
 *   "A signed note consists of a text ending in newline (U+000A), followed by a blank line (only a
 *    newline), followed by one or more signature lines of this form: em dash (U+2014), space
 *    (U+0020), key name, space, base64-encoded signature, newline."
 */
export const SIGNATURE_PREFIX = '\u2014 ';

/**
 * golang.org/x/mod/sumdb/note refuses more than 100 signature lines; the spec asks verifiers to
 * accept "at least up to 16". A bound keeps a hostile note from costing unbounded verifications.
 */
export const MAX_SIGNATURES = 100;

/** One signature line as found in a note. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The signature proper, without the 4-byte key ID. */
  readonly signature: Uint8Array;
}

export interface OpenedNote {
  /** The signed text, final newline included, separating blank line excluded. */
  readonly text: string;
  /** Every signature line in order, the trusted key's and the ones this verifier ignored. */
  readonly signatures: readonly NoteSignature[];
}

/**
 * Parses a signed note and checks it against one trusted key, following c2sp.org/signed-note:
 *
 *   "Verifiers MUST ignore signatures from unknown keys, even if they share a name or ID (but not
 *    both) with a known key. If the key name and ID match a known key, verifiers MUST verify the
 *    signature. If a signature from a known key fails to verify, clients SHOULD reject the whole
 *    note. If no signature from a known key verifies successfully, clients MUST reject the note."
 *
 * Returns the text only when at least one signature line by `verifier` verifies and none by it
 * fails; otherwise throws a LedgerError naming what was wrong. Bytes are decoded as strict UTF-8.
 */
export function openNote(note: string | Uint8Array, verifier: VerifierKey): OpenedNote {
  const malformed = (why: string): LedgerError => new LedgerError('NOTE_MALFORMED', `expected a signed note (c2sp.org/signed-note), ${why}`);
  const message = typeof note === 'string' ? note : decodeUtf8(note, malformed);
  assertNoteText(message, 'the note');

  // "the text is separated from the signatures by the last empty line in the note."
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('but found no blank line between the text and the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0) throw malformed('but found no signature lines after the blank line');
  if (!block.endsWith('\n')) throw malformed('but the last signature line does not end with a newline');

  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`but found ${lines.length} signature lines, more than the ${MAX_SIGNATURES} this verifier reads`);
  const signatures = lines.map((line, i) => parseSignatureLine(line, i + 1, malformed));

  const trusted = `${verifier.name}+${formatKeyId(verifier.keyId)}`;
  const textBytes = utf8(text);
  let verified = 0;
  signatures.forEach((s, i) => {
    if (s.name !== verifier.name || s.keyId !== verifier.keyId) return; // someone else's key: ignored
    if (!verifyEd25519(s.signature, textBytes, verifier.publicKey)) {
      throw new LedgerError('SIGNATURE_INVALID', `expected signature line ${i + 1} by ${trusted} to verify over the note text, it does not (the text or the signature was altered)`);
    }
    verified += 1;
  });
  if (verified === 0) {
    const found = signatures.map((s) => `${s.name}+${formatKeyId(s.keyId)}`).join(', ');
    throw new LedgerError('SIGNATURE_MISSING', `expected a signature by ${trusted}, the note is signed only by ${found}`);
  }
  return { text, signatures };
}

/** "— <name> <base64(key ID ‖ signature)>", with "Signatures are the base64 encoding of 4+n bytes." */
function parseSignatureLine(line: string, number: number, malformed: (why: string) => LedgerError): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed(`but signature line ${number} does not start with an em dash and a space: ${JSON.stringify(line.slice(0, 40))}`);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const encoded = space < 0 ? '' : rest.slice(space + 1);
  if (!isValidKeyName(name)) throw malformed(`but signature line ${number} has an invalid key name ${JSON.stringify(name)}`);
  const bytes = decodeBase64Strict(encoded);
  if (bytes === undefined) throw malformed(`but the signature on line ${number} is not canonical padded base64`);
  if (bytes.length < 5) throw malformed(`but the signature on line ${number} is ${bytes.length} bytes, expected a 4-byte key ID and a signature`);
  return { name, keyId: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0), signature: bytes.subarray(4) };
}

/**
 * "Signed notes MUST be valid UTF-8 and MUST NOT contain any ASCII control characters (those below
 * U+0020) other than newline."
 */
export function assertNoteText(text: string, what: string): void {
  const control = /[\u0000-\u0009\u000b-\u001f]/.exec(text);
  if (control) {
    throw new LedgerError('NOTE_MALFORMED', `expected ${what} to hold no control characters but newline, found U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at offset ${control.index}`);
  }
  if (!isWellFormedUtf16(text)) throw new LedgerError('NOTE_MALFORMED', `expected ${what} to be valid Unicode, it holds a lone surrogate`);
}

function decodeUtf8(bytes: Uint8Array, malformed: (why: string) => LedgerError): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed('but the bytes are not valid UTF-8');
  }
}

/**
 * RFC 8032 §5.1.7 verification by @noble/curves (synchronous, the same in the browser). zip215 off
 * gives the strict RFC 8032 / FIPS 186-5 rules Node's OpenSSL verifier applies; a signature of the
 * wrong length is a failed verification, not an exception.
 */
function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
