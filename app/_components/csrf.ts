/**
 * The CSRF token header for cookie-authenticated changes (lib/auth/session-cookie-names.ts): the
 * server sets a readable cookie derived from the HttpOnly session cookie; the page echoes it.
 * Harmless on public and signer routes, which ignore it.
 */
export function csrfHeaders(): Record<string, string> {
  if (typeof document === 'undefined') return {};
  const m = /(?:^|;\s*)(?:__Host-)?signet_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? { 'X-Signet-CSRF': m[1] } : {};
}
