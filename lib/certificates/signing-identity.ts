import type { Database } from '@/db/client';
import type { Clock, Random } from '../clock';
import type { Context } from '../context';
import { prepareCountersigner, type Countersigner } from '../pki/countersign';
import { HttpTsa } from '../pki/http-tsa';
import { LocalTsa } from '../pki/local-tsa';
import type { TimestampAuthority } from '../pki/timestamp-authority';
import { onCertificateChange } from './certificate-events';
import { activeCertificate, certificateKey, certificateState, fromB64u, issuerChain, type CertificateRow } from './certificate-store';
import { ensurePki } from './ensure-pki';

export interface SigningIdentityRow {
  /** The certificate row; status and revocation as read from the database for this signing. */
  row: CertificateRow;
  certificate: Uint8Array;
  /** Issuers above it, nearest first, ending at the root. */
  chain: Uint8Array[];
  /** Certificate and key prepared for countersigning (key decrypted and imported once). */
  countersigner: Countersigner;
  /** The built-in TSA, or the external one at TSA_URL. */
  tsa: TimestampAuthority;
}

interface Cached {
  identity: Promise<SigningIdentityRow>;
  /** What the identity was built with: another clock, randomness or TSA_URL builds anew. */
  clock: Clock;
  random: Random;
  tsaUrl: string | undefined;
}

interface CacheState {
  cached?: Cached;
  /** LISTEN on certificate changes, once per database; undefined until it succeeded or after it failed. */
  listening?: Promise<void>;
}

const caches = new WeakMap<Database, CacheState>();

/**
 * The active organisation signing certificate with its prepared key and TSA, cached per process
 * and database. Decrypting keys, parsing certificates and building the TSA happen once; the cache
 * is dropped when any instance activates, revokes or imports a certificate (certificate-events.ts,
 * LISTEN/NOTIFY). Because a notification can arrive late or be lost, every call also re-reads the
 * certificate's status and revocation (one primary-key SELECT): a revocation committed by another
 * instance is honoured at once, and a certificate no longer active (renewed elsewhere) is replaced.
 *
 * On a database with no certificate yet, the first call creates the local PKI (ensurePki, its own
 * transaction): callers run it before any transaction of theirs, as completeSigning does through
 * assertCanCountersign before the challenge is consumed.
 */
export async function activeSigningIdentity(ctx: Context): Promise<SigningIdentityRow> {
  const state = stateFor(ctx.database);
  const listening = await listen(ctx.database, state);
  const cached = state.cached;
  if (listening && cached && cached.clock === ctx.clock && cached.random === ctx.random && cached.tsaUrl === ctx.config.tsaUrl) {
    const identity = await cached.identity;
    const fresh = await certificateState(ctx, identity.row.id);
    if (fresh?.status === 'active') return { ...identity, row: { ...identity.row, ...fresh } };
    if (state.cached === cached) state.cached = undefined;
  }
  const identity = loadSigningIdentity(ctx);
  if (listening) {
    const entry: Cached = { identity, clock: ctx.clock, random: ctx.random, tsaUrl: ctx.config.tsaUrl };
    state.cached = entry;
    identity.catch(() => {
      if (state.cached === entry) state.cached = undefined;
    });
  }
  return identity;
}

/** The identity a signing already checked, with its revocation re-read now (the last look before its key signs). */
export async function withFreshRevocation(ctx: Context, identity: SigningIdentityRow): Promise<SigningIdentityRow> {
  const fresh = await certificateState(ctx, identity.row.id);
  return fresh ? { ...identity, row: { ...identity.row, ...fresh } } : identity;
}

function stateFor(database: Database): CacheState {
  let state = caches.get(database);
  if (!state) {
    state = {};
    caches.set(database, state);
  }
  return state;
}

/** Subscribes once; false (nothing is cached) while LISTEN fails, so a missed change cannot go stale. */
async function listen(database: Database, state: CacheState): Promise<boolean> {
  state.listening ??= onCertificateChange(database, () => {
    state.cached = undefined;
  });
  const attempt = state.listening;
  try {
    await attempt;
    return true;
  } catch {
    if (state.listening === attempt) state.listening = undefined;
    return false;
  }
}

/** Reads and prepares the identity from the database (the local PKI is made on first use). */
async function loadSigningIdentity(ctx: Context): Promise<SigningIdentityRow> {
  const { signing: row } = await ensurePki(ctx);
  const certificate = fromB64u(row.der);
  const chain = await issuerChain(ctx, row);
  const countersigner = await prepareCountersigner({ signerCertificate: certificate, chain, privateKey: await certificateKey(ctx, row) });
  return { row, certificate, chain, countersigner, tsa: await timestampAuthority(ctx) };
}

/**
 * Who stamps signatures: the TSA at TSA_URL when configured (RFC 3161 §3.4 over HTTP), else the
 * built-in TSA with the local PKI's TSA certificate. Its genTime comes from ctx.clock, so tests move
 * time without sleeping.
 */
export async function timestampAuthority(ctx: Context): Promise<TimestampAuthority> {
  if (ctx.config.tsaUrl) return new HttpTsa({ url: ctx.config.tsaUrl });
  const row = await activeCertificate(ctx, 'tsa');
  if (!row) throw new Error('expected an active TSA certificate in the local PKI; there is none');
  return new LocalTsa({
    certificate: fromB64u(row.der),
    privateKey: await certificateKey(ctx, row),
    chain: await issuerChain(ctx, row),
    clock: ctx.clock,
    randomBytes: (n) => ctx.random.bytes(n),
  });
}
