#!/usr/bin/env node
// Serves the production build through a small custom server so the app can know the client's
// address: a Web Request carries no socket, so this server deletes any client-sent
// x-signet-peer-ip header, stamps the TCP peer address into it, and sets SIGNET_PEER_HEADER=1,
// which is the only case in which lib/operations/client-info.ts believes that header.
// Behind your own reverse proxy set TRUST_PROXY=true to use X-Forwarded-For's first hop instead.
import http from 'node:http';

process.env.NODE_ENV ??= 'production';
process.env.SIGNET_PEER_HEADER = '1';
const { default: next } = await import('next');

const port = Number(process.env.PORT ?? '3000');
// No HOST: every interface, IPv4 and IPv6 (like `next start`).
const hostname = process.env.HOST || undefined;
const app = next({ dev: false, hostname: hostname ?? 'localhost', port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

const PEER_HEADER = 'x-signet-peer-ip';
const server = http.createServer((req, res) => {
  delete req.headers[PEER_HEADER];
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  handle(req, res).catch((e) => {
    console.error('[signet] request failed', e);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`[signet] listening on port ${port}${hostname ? ` (${hostname})` : ''}`));
// On SIGTERM/SIGINT: stop accepting, give open requests a moment (live-status streams never end on
// their own), then close the database (lib/server-start.ts registers how: the embedded one stops
// serving its socket, shuts PGlite down cleanly and releases DATA_DIR's lock) and exit.
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await new Promise((resolve) => {
    server.close(resolve);
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
  const shutdown = globalThis[Symbol.for('signet.shutdown')];
  if (typeof shutdown === 'function') {
    await Promise.race([shutdown(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]).catch((e) => console.error('[signet] closing the database failed', e));
  }
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
