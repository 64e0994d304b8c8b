import { randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import type { Context } from '../context';

/**
 * "The organisation's certificates changed" (one was activated, revoked or imported; the first-start
 * PKI needs no announcement, as with no certificate before it nothing can be cached) travels as PostgreSQL NOTIFY on one channel, so every instance on the same database
 * drops what it derived from them (the cached signing identity, signing-identity.ts). The process
 * that made the change is told at once, without waiting for its own notification.
 *
 * Delivery is best effort (a notification sent while an instance's LISTEN connection is down is
 * lost; onReconnect then fires every listener): whatever must be exact, such as revocation, is
 * re-read from the database where it is decided.
 */
export const CERTIFICATE_CHANNEL = 'signet_certificate_changed';

interface Hub {
  listeners: Set<() => void>;
  ready: Promise<void>;
}

const hubs = new WeakMap<Database, Hub>();

/**
 * Names this instance (one Database handle) in its notifications. It has already told its own
 * listeners when it announces, so its own NOTIFY coming back is skipped instead of dropping the
 * cache a second time.
 */
const origins = new WeakMap<Database, string>();

function originOf(database: Database): string {
  let origin = origins.get(database);
  if (!origin) {
    origin = randomBytes(8).toString('hex');
    origins.set(database, origin);
  }
  return origin;
}

function hubFor(database: Database): Hub {
  let hub = hubs.get(database);
  if (!hub) {
    const listeners = new Set<() => void>();
    const fire = () => {
      for (const listener of listeners) listener();
    };
    const own = `${originOf(database)}/`;
    const onPayload = (payload: string) => {
      if (!payload.startsWith(own)) fire();
    };
    const created: Hub = { listeners, ready: database.listen(CERTIFICATE_CHANNEL, onPayload, fire).then(() => undefined) };
    // A failed LISTEN (database briefly unreachable) must not be kept: the next subscriber retries.
    created.ready.catch(() => {
      if (hubs.get(database) === created) hubs.delete(database);
    });
    hubs.set(database, created);
    hub = created;
  }
  return hub;
}

/** Calls onChange after every certificate change on this database, by any instance; resolves once listening. */
export async function onCertificateChange(database: Database, onChange: () => void): Promise<void> {
  const hub = hubFor(database);
  hub.listeners.add(onChange);
  try {
    await hub.ready;
  } catch (e) {
    hub.listeners.delete(onChange);
    throw e;
  }
}

/** Tells this process now and every other instance by NOTIFY; call after the change committed. Never throws. */
export async function announceCertificateChange(ctx: Context, certificateId: string): Promise<void> {
  const hub = hubs.get(ctx.database);
  if (hub) for (const listener of hub.listeners) listener();
  try {
    await ctx.database.notify(CERTIFICATE_CHANNEL, `${originOf(ctx.database)}/${certificateId}`);
  } catch (e) {
    // The change is committed; other instances still re-read revocation at signing and see a
    // retired certificate there (signing-identity.ts), so a lost notification costs no correctness.
    console.warn(`[signet] could not announce the certificate change ${certificateId}: ${(e as Error).message}`);
  }
}
