import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../errors';

/** What the client may send when it does not know: no claim about the content. */
const GENERIC = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown', 'application/x-download']);

/** Client spellings that mean the type file-type reports. */
const ALIASES: Record<string, string> = {
  'application/x-pdf': 'application/pdf',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-zip-compressed': 'application/zip',
};

/** Declared types that say "some text" and so agree with bytes that are plain UTF-8 text. */
const TEXTUAL = /^(text\/[a-z0-9.+-]+|application\/(json|xml|csv|x-ndjson|[a-z0-9.-]+\+(json|xml)))$/;

/**
 * The media type the bytes are: file-type's magic-number detection, else text/plain for valid UTF-8
 * without NUL bytes, else application/octet-stream. Sniffing, never the name or the client, so a
 * stored document is served as what it is (HTML uploaded as text/html is kept as text/plain).
 */
export async function sniffMediaType(head: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  // The head may end inside a multi-byte character: allow up to 3 cut-off bytes.
  for (let cut = 0; cut <= Math.min(3, bytes.length - 1); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try one byte shorter
    }
  }
  return false;
}

/** The declared Content-Type, lower-cased without parameters; '' when absent. */
export function normaliseDeclared(declared: string | null | undefined): string {
  const base = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[base] ?? base;
}

/**
 * Decides the stored media type: always the sniffed one. A declared type that names something else
 * is refused with 415 MEDIA_TYPE_MISMATCH (a client that says PDF and sends HTML is either broken or
 * up to something), except that no declaration, a generic one, or a textual one for text is fine.
 */
export function decideMediaType(declared: string | null | undefined, sniffed: string): string {
  const d = normaliseDeclared(declared);
  if (GENERIC.has(d) || d === sniffed) return sniffed;
  if (sniffed === 'text/plain' && TEXTUAL.test(d)) return sniffed;
  if (sniffed === 'application/octet-stream') {
    // Bytes nothing recognises: a specific claim cannot be confirmed, so it is refused.
    throw new AppError('MEDIA_TYPE_MISMATCH', `expected bytes that are ${d} as declared; they match no known type`);
  }
  throw new AppError('MEDIA_TYPE_MISMATCH', `expected bytes that are ${d} as declared, got bytes that are ${sniffed}`);
}
