import { createHash, randomBytes } from 'node:crypto';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { HttpClient, mapLimit } from './http-load';

/**
 * Prepares signing ceremonies through the public HTTP API only, up to the last step, so the measured
 * step is POST /api/ceremonies/{token}/complete alone. Signers come back: each of a pool of signers
 * (distinct e-mails) registers one passkey with their first request and signs `requestsPerSigner`
 * documents with it, the requests of one signer spread far apart in the run. The software passkey
 * reports signature counter 0 like today's synced passkeys (iCloud Keychain, Google Password
 * Manager), so one signer's concurrent ceremonies cannot fail on counter order.
 */

export interface PreparedCeremony {
  token: string;
  /** The JSON body of POST /complete: { response: AuthenticationResponseJSON }. */
  body: string;
}

interface Created {
  token: string;
}

type BeginResult = { kind: 'registration'; options: { challenge: string } } | { kind: 'signing'; options: { challenge: string }; statement: string };

export interface SetupTimings {
  uploadSeconds: number;
  signers: number;
  /** Per signer: create the first request + begin (registration) + finish registration. */
  registerSeconds: number;
  /** The other requests: POST /api/requests. */
  createSeconds: number;
  /** Per ceremony: begin (signing challenge) + the assertion over it; summed over the batches. */
  challengeSeconds: number;
}

/** A signing request whose signer has a passkey, not yet given its signing challenge. */
export interface PendingCeremony {
  token: string;
  authenticator: SoftAuthenticator;
}

export async function uploadDocument(client: HttpClient, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const res = await client.request('POST', '/api/documents', {
    body: bytes,
    // Random bytes: declared as what they are (a PDF claim would be refused, MEDIA_TYPE_MISMATCH).
    headers: { 'content-type': 'application/octet-stream', 'x-signet-sha256': sha256, 'x-signet-filename': encodeURIComponent('bench contract.pdf') },
  });
  if (res.status !== 201) throw new Error(`POST /api/documents: expected HTTP 201, got ${res.status}: ${res.body.slice(0, 500)}`);
  return (JSON.parse(res.body) as { id: string }).id;
}

export interface PrepareOptions {
  port: number;
  /** Bearer key for the staff routes (upload, create request). */
  apiKey: string;
  origin: string;
  rpId: string;
  count: number;
  requestsPerSigner: number;
  concurrency: number;
  documentBytes: number;
  log: (line: string) => void;
}

/** Uploads the document, creates `count` requests and registers one passkey per signer. */
export async function prepareRequests(options: PrepareOptions): Promise<{ pending: PendingCeremony[]; timings: SetupTimings }> {
  const { count, concurrency, origin, rpId, log } = options;
  const client = new HttpClient(options.port, concurrency, { authorization: `Bearer ${options.apiKey}` });
  const runId = randomBytes(4).toString('hex');
  const signerCount = Math.ceil(count / options.requestsPerSigner);
  try {
    let t = performance.now();
    const documentId = await uploadDocument(client, randomBytes(options.documentBytes));
    const uploadSeconds = (performance.now() - t) / 1000;

    const createRequest = async (i: number) => {
      const s = i % signerCount;
      const created = await client.json<Created>(
        'POST',
        '/api/requests',
        { documentId, title: `Bench contract ${i}`, documentType: 'contract', signerName: `Bench Signer ${s}`, signerEmail: `signer-${runId}-${s}@bench.example` },
        201,
      );
      return created.token;
    };

    // Ceremony i belongs to signer i % signerCount; ceremonies 0 … signerCount-1 register the passkeys.
    t = performance.now();
    const first = await mapLimit(Array.from({ length: signerCount }, (_, i) => i), concurrency, async (i) => {
      const token = await createRequest(i);
      const path = `/api/ceremonies/${token}`;
      const begin = await client.json<BeginResult>('POST', `${path}/begin`, undefined, 200);
      if (begin.kind !== 'registration') throw new Error(`expected a registration challenge for a new signer, got ${begin.kind}`);
      const authenticator = new SoftAuthenticator({ origin, rpId });
      await client.json('POST', `${path}/registration`, { response: authenticator.register(begin.options.challenge) }, 201);
      return { token, authenticator };
    });
    const registerSeconds = (performance.now() - t) / 1000;
    log(`  ${signerCount} signers registered a passkey in ${registerSeconds.toFixed(1)} s`);

    t = performance.now();
    const others = await mapLimit(Array.from({ length: count - signerCount }, (_, i) => signerCount + i), concurrency, createRequest);
    const createSeconds = (performance.now() - t) / 1000;
    log(`  ${others.length} more requests created in ${createSeconds.toFixed(1)} s`);
    const pending = [
      ...first,
      ...others.map((token, j) => {
        const owner = first[(signerCount + j) % signerCount];
        if (!owner) throw new Error(`no passkey for request ${signerCount + j}`);
        return { token, authenticator: owner.authenticator };
      }),
    ];
    return { pending, timings: { uploadSeconds, signers: signerCount, registerSeconds, createSeconds, challengeSeconds: 0 } };
  } finally {
    client.close();
  }
}

/**
 * Gets each request its signing challenge (begin) and computes the assertion over it. Challenges
 * live 5 minutes, so this runs batch by batch, just before each batch is measured.
 */
export async function issueChallenges(port: number, pending: readonly PendingCeremony[], concurrency: number): Promise<PreparedCeremony[]> {
  const client = new HttpClient(port, concurrency);
  try {
    return await mapLimit(pending, concurrency, async ({ token, authenticator }) => {
      const begin = await client.json<BeginResult>('POST', `/api/ceremonies/${token}/begin`, undefined, 200);
      if (begin.kind !== 'signing') throw new Error(`expected a signing challenge after registration, got ${begin.kind}`);
      return { token, body: JSON.stringify({ response: authenticator.assert(begin.options.challenge, { counter: 0 }) }) };
    });
  } finally {
    client.close();
  }
}

export function completeRequest(client: HttpClient, c: PreparedCeremony) {
  return client.request('POST', `/api/ceremonies/${c.token}/complete`, {
    body: c.body,
    headers: { 'content-type': 'application/json', 'user-agent': 'signet-bench' },
  });
}
