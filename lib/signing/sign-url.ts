/**
 * The URL the QR carries: ORIGIN/s/<token>#<metadata>. The fragment never reaches the server, so
 * the document hash in it is the desktop's own, and the phone compares the downloaded bytes with
 * it rather than with anything the server says. Compact by design so the QR stays scannable from a
 * laptop screen: the hash in base64url (43 chars), size, expiry in Unix seconds, a short title.
 */
export interface SignLinkMetadata {
  documentSha256: string;
  size: number;
  expiresAt: Date;
  title: string;
}

const TITLE_MAX = 32;

function hexToBase64url(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlToHex(b64: string): string | null {
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    let hex = '';
    for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
    return hex;
  } catch {
    return null;
  }
}

/**
 * `lang` (optional) is the uploader's language, sent to the server as ?lang= so the phone opens in
 * it until the signer picks another; the metadata stays in the fragment.
 */
export function buildSignUrl(origin: string, token: string, meta: SignLinkMetadata, lang?: string): string {
  const params = new URLSearchParams();
  params.set('h', hexToBase64url(meta.documentSha256));
  params.set('n', String(meta.size));
  params.set('x', String(Math.floor(meta.expiresAt.getTime() / 1000)));
  const title = meta.title.length > TITLE_MAX ? `${meta.title.slice(0, TITLE_MAX - 1)}…` : meta.title;
  params.set('t', title);
  return `${origin}/s/${token}${lang ? `?lang=${encodeURIComponent(lang)}` : ''}#${params.toString()}`;
}

/** Reads the metadata back from a location hash ("#h=…"); null when the hash is absent or broken. */
export function parseSignFragment(hash: string): SignLinkMetadata | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const h = params.get('h');
  const hex = h ? base64urlToHex(h) : null;
  if (!hex || hex.length !== 64) return null;
  const size = Number(params.get('n'));
  const x = Number(params.get('x'));
  return {
    documentSha256: hex,
    size: Number.isSafeInteger(size) ? size : -1,
    expiresAt: new Date(Number.isFinite(x) ? x * 1000 : 0),
    title: params.get('t') ?? '',
  };
}
