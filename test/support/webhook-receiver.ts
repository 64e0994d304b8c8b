import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookHit {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  hits: WebhookHit[];
  /** Status codes to answer the next requests with, in order; afterwards 204. */
  answers: number[];
  close(): Promise<void>;
}

/** A real local HTTP endpoint recording every POST; `answers` makes it fail the first attempts. */
export async function webhookReceiver(): Promise<WebhookReceiver> {
  const hits: WebhookHit[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      const status = answers.shift() ?? 204;
      if (status >= 300 && status < 400) res.writeHead(status, { Location: 'http://127.0.0.1:9/elsewhere' }).end();
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits,
    answers,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
