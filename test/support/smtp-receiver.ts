import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpReceiver {
  /** smtp://user:password@127.0.0.1:<port> for SMTP_URL. */
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Reply to the next DATA with this SMTP error (e.g. 550 or 451), then accept again; null accepts. */
  rejectWith: { code: number; message: string } | null;
  /** Stop listening (the SMTP server is "down"); start() listens on the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const USER = 'signet';
const PASSWORD = 'smtp-test-password';

/**
 * A real SMTP server (the smtp-server package) that requires AUTH, as a mail relay does, and parses
 * what it receives with mailparser. Plain text on loopback only (STARTTLS hidden).
 */
export async function smtpReceiver(port = 0): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  const receiver: SmtpReceiver = {
    url: '',
    port,
    mails,
    rejectWith: null,
    async stop() {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
    async start() {
      const s = new SMTPServer({
        hideSTARTTLS: true,
        allowInsecureAuth: true,
        logger: false,
        onAuth(auth, _session, cb) {
          if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: USER });
          else cb(new Error('535 5.7.8 authentication failed'));
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const reject = receiver.rejectWith;
            if (reject) {
              receiver.rejectWith = null;
              const err = new Error(reject.message) as Error & { responseCode: number };
              err.responseCode = reject.code;
              cb(err);
              return;
            }
            const raw = Buffer.concat(chunks).toString('utf8');
            void simpleParser(raw, { keepCidLinks: true }).then((parsed) => {
              mails.push({ envelopeTo: session.envelope.rcptTo.map((a) => a.address), raw, parsed });
              cb(null, 'queued as test');
            });
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(receiver.port, '127.0.0.1', () => resolve());
      });
      receiver.port = (s.server.address() as AddressInfo).port;
      receiver.url = `smtp://${USER}:${PASSWORD}@127.0.0.1:${receiver.port}`;
      server = s;
    },
  };
  await receiver.start();
  return receiver;
}
