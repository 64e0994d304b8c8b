import { PkiError } from './pki-errors';
import type { TimestampAuthority } from './timestamp-authority';

export interface HttpTsaOptions {
  /** The TSA's URL (http or https). */
  url: string;
  /** Give up after this many milliseconds; default 10 000. */
  timeoutMs?: number;
  /** Largest response accepted, in bytes; default 1 MiB (a token with a chain is a few KiB). */
  maxResponseBytes?: number;
  /** Extra request headers, e.g. Authorization for a commercial TSA. */
  headers?: Record<string, string>;
  /** The fetch to use; the global one unless a test injects its own. */
  fetch?: typeof fetch;
}

const REQUEST_TYPE = 'application/timestamp-query';
const RESPONSE_TYPE = 'application/timestamp-reply';

/**
 * An external time-stamping authority reached over HTTP (RFC 3161 §3.4): the DER TimeStampReq is
 * POSTed as application/timestamp-query and the answer must be a 200 with an
 * application/timestamp-reply body.
 *
 * Every failure (network, timeout, non-200, wrong content type, empty or oversized body) rejects
 * with PkiError TSA_UNAVAILABLE. The caller then refuses to sign: a signature is never stamped with
 * the server's own clock in place of the TSA's, since the timestamp's whole worth is that a third
 * party vouches for the time.
 */
export class HttpTsa implements TimestampAuthority {
  constructor(private readonly options: HttpTsaOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new PkiError('TSA_UNAVAILABLE', `expected the TSA URL to be an absolute http(s) URL, found "${options.url}"`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new PkiError('TSA_UNAVAILABLE', `expected the TSA URL to use http or https, found ${parsed.protocol}`);
    }
  }

  async timestamp(request: Uint8Array): Promise<Uint8Array> {
    const { url, timeoutMs = 10_000, maxResponseBytes = 1024 * 1024 } = this.options;
    const doFetch = this.options.fetch ?? fetch;
    const fail = (detail: string, cause?: unknown): never => {
      throw new PkiError('TSA_UNAVAILABLE', `the TSA at ${url} ${detail}`, cause === undefined ? undefined : { cause });
    };
    let response: Response;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { ...this.options.headers, 'content-type': REQUEST_TYPE, accept: RESPONSE_TYPE },
        body: new Uint8Array(request),
        signal,
        redirect: 'error',
      });
    } catch (e) {
      if (signal.aborted) return fail(`did not answer within ${timeoutMs} ms`, e);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return fail(`could not be reached: ${cause?.code ?? cause?.message ?? (e as Error).message}`, e);
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return fail(`answered HTTP ${response.status}, expected 200 with a ${RESPONSE_TYPE}`);
    }
    const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== RESPONSE_TYPE) {
      await response.body?.cancel().catch(() => undefined);
      return fail(`answered with content type "${type ?? ''}", expected ${RESPONSE_TYPE}`);
    }
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxResponseBytes) {
      await response.body?.cancel().catch(() => undefined);
      return fail(`announced ${declared} bytes, more than the ${maxResponseBytes} accepted`);
    }
    let body: ArrayBuffer;
    try {
      body = await response.arrayBuffer();
    } catch (e) {
      if (signal.aborted) return fail(`did not finish its answer within ${timeoutMs} ms`, e);
      return fail(`broke off its answer: ${(e as Error).message}`, e);
    }
    if (body.byteLength === 0) return fail('answered with an empty body, expected a DER TimeStampResp');
    if (body.byteLength > maxResponseBytes) return fail(`answered with ${body.byteLength} bytes, more than the ${maxResponseBytes} accepted`);
    return new Uint8Array(body);
  }
}
