/**
 * Content-Security-Policy for the pages (CSP Level 3, W3C). Scripts: only this origin's files and
 * inline scripts carrying the per-request nonce that Next.js stamps on its own inline scripts
 * ('strict-dynamic' lets those load their chunks); no 'unsafe-inline' for scripts.
 * 'wasm-unsafe-eval' lets hash-wasm compile its WebAssembly (it cannot run JavaScript eval).
 * connect-src allows blob: because pdf.js reads the downloaded document through a blob URL.
 * Styles keep 'unsafe-inline': React's style={{…}} attributes cannot carry a nonce (style-src-attr).
 */
export function pageCsp(nonce: string, options: { https: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** API responses are data, never documents: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A fresh nonce: 128 random bits, base64 (CSP3 §2.3.1 nonce-source is base64-value). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Request header proxy.ts sets from a signing link's `lang` query parameter: the uploader's
 * language, the signer's default until they choose one (the fragment never reaches the server).
 */
export const LINK_LOCALE_HEADER = 'x-signet-link-locale';
