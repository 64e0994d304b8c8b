/**
 * Who is on the other end of a request, as far as the server can tell.
 *
 * The Web Request a route handler gets carries no socket, so Signet's own server (scripts/serve.mjs,
 * used by `npm start` and the e2e server) deletes any incoming PEER_HEADER, stamps the TCP peer
 * address into it, and sets SIGNET_PEER_HEADER=1 in the environment. Only then is the header
 * believed; under a plain `next start` the peer is unknown (null) rather than client-chosen.
 * With TRUST_PROXY set (a reverse proxy you run strips and rewrites X-Forwarded-For), the first hop
 * of X-Forwarded-For is the client instead.
 */
export const PEER_HEADER = 'x-signet-peer-ip';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

const IP_SHAPE = /^[0-9A-Fa-f:.]{2,45}$/;

export function peerHeaderTrusted(): boolean {
  return process.env.SIGNET_PEER_HEADER === '1';
}

/** The client's address and user agent, under the rules above. */
export function clientInfo(request: Request, trustProxy: boolean): ClientInfo {
  const userAgent = request.headers.get('user-agent');
  if (trustProxy) {
    const first = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (first && IP_SHAPE.test(first)) return { ip: first, userAgent };
  }
  const peer = peerHeaderTrusted() ? request.headers.get(PEER_HEADER)?.trim() : undefined;
  return { ip: peer && IP_SHAPE.test(peer) ? normalizeIp(peer) : null, userAgent };
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) is reported as 127.0.0.1. */
function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

const REQUEST_ID_SHAPE = /^[A-Za-z0-9._:-]{8,64}$/;

/** A proxy's X-Request-Id is kept when proxies are trusted and it looks sane; otherwise a fresh UUID. */
export function requestIdFor(request: Request, trustProxy: boolean, fresh: () => string): string {
  const incoming = trustProxy ? request.headers.get('x-request-id')?.trim() : undefined;
  return incoming && REQUEST_ID_SHAPE.test(incoming) ? incoming : fresh();
}
