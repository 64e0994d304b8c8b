import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock';
import { countersign } from './countersign';
import { createLocalPki, type LocalPki } from './create-local-pki';
import { HttpTsa } from './http-tsa';
import { LocalTsa } from './local-tsa';
import { isPkiError } from './pki-errors';
import { verifyCountersignature } from './verify-countersignature';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

/** A TSA stand-in on 127.0.0.1 whose behaviour each test sets. */
function startServer(): Promise<{ url: string; server: Server; handle: (h: Handler) => void; requests: { type?: string; bytes: number }[] }> {
  let handler: Handler = (_req, _body, res) => res.end();
  const requests: { type?: string; bytes: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ type: req.headers['content-type'], bytes: body.length });
      handler(req, body, res);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/tsa`, server, handle: (h) => (handler = h), requests });
    });
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isPkiError(e) ? `${e.code}: ${e.message}` : `not a PkiError: ${String(e)}`;
  }
}

describe('HttpTsa', () => {
  const clock = fixedClock(new Date());
  let pki: LocalPki;
  let local: LocalTsa;
  let srv: Awaited<ReturnType<typeof startServer>>;
  const payload = new TextEncoder().encode('payload');

  beforeAll(async () => {
    pki = await createLocalPki({ organizationName: 'Acme', now: clock.now() });
    local = new LocalTsa({ certificate: pki.tsa.certificate, privateKey: pki.tsa.privateKey, clock });
    srv = await startServer();
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        srv.server.close(() => resolve());
        srv.server.closeAllConnections();
      }),
  );

  const sign = (tsa: HttpTsa) =>
    countersign({ payload, signerCertificate: pki.organization.certificate, privateKey: pki.organization.privateKey, tsa, clock });

  it('POSTs application/timestamp-query and returns the reply; the countersignature verifies', async () => {
    srv.handle((_req, body, res) => {
      void local.timestamp(new Uint8Array(body)).then((reply) => {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(Buffer.from(reply));
      });
    });
    const signed = await sign(new HttpTsa({ url: srv.url }));
    expect(srv.requests.at(-1)?.type).toBe('application/timestamp-query');
    const report = await verifyCountersignature({ cms: signed.cms, payload, trustedRoots: [pki.root.certificate], now: clock.now() });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('HTTP 500 → TSA_UNAVAILABLE', async () => {
    srv.handle((_req, _body, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    expect(await codeOf(sign(new HttpTsa({ url: srv.url })))).toMatch(/^TSA_UNAVAILABLE: .*answered HTTP 500/);
  });

  it('wrong content type → TSA_UNAVAILABLE', async () => {
    srv.handle((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    });
    expect(await codeOf(sign(new HttpTsa({ url: srv.url })))).toMatch(/^TSA_UNAVAILABLE: .*content type "text\/html"/);
  });

  it('200 with a body that is not a TimeStampResp → TSA_UNAVAILABLE', async () => {
    srv.handle((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end('nonsense');
    });
    expect(await codeOf(sign(new HttpTsa({ url: srv.url })))).toMatch(/^TSA_UNAVAILABLE: .*expected a DER TimeStampResp/);
  });

  it('no answer within the timeout → TSA_UNAVAILABLE', async () => {
    srv.handle(() => {
      /* never answers; the client gives up */
    });
    expect(await codeOf(sign(new HttpTsa({ url: srv.url, timeoutMs: 200 })))).toMatch(/^TSA_UNAVAILABLE: .*did not answer within 200 ms/);
  });

  it('nothing listening → TSA_UNAVAILABLE', async () => {
    const closed = await startServer();
    const url = closed.url;
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    expect(await codeOf(sign(new HttpTsa({ url })))).toMatch(/^TSA_UNAVAILABLE: .*could not be reached: ECONNREFUSED/);
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new HttpTsa({ url: 'ftp://tsa.example' })).toThrow(/expected the TSA URL to use http or https/);
    expect(() => new HttpTsa({ url: 'not a url' })).toThrow(/absolute http\(s\) URL/);
  });
});
