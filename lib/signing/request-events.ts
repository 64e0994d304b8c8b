import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '@/db/client';

/**
 * Request status changes travel as PostgreSQL NOTIFY on one channel, so every app instance on the
 * same database hears them (PGlite implements NOTIFY in-process). One LISTEN per process fans out
 * to any number of Server-Sent Event streams.
 */
const CHANNEL = 'signet_request_changed';

const hubs = new WeakMap<Database, Promise<EventEmitter>>();

function hubFor(database: Database): Promise<EventEmitter> {
  let hub = hubs.get(database);
  if (!hub) {
    hub = (async () => {
      const emitter = new EventEmitter();
      emitter.setMaxListeners(0);
      await database.listen(
        CHANNEL,
        (requestId) => emitter.emit(requestId),
        // Changes made while the LISTEN connection was down were not heard: every watcher re-reads.
        () => {
          for (const requestId of emitter.eventNames()) emitter.emit(requestId);
        },
      );
      return emitter;
    })();
    // A failed LISTEN (database briefly unreachable) must not be cached: the next subscriber retries.
    hub.catch(() => {
      if (hubs.get(database) === hub) hubs.delete(database);
    });
    hubs.set(database, hub);
  }
  return hub;
}

export async function publishRequestChanged(database: Database, requestId: string): Promise<void> {
  await database.notify(CHANNEL, requestId);
}

/**
 * The same notice for several requests, sent from inside the caller's transaction: PostgreSQL
 * delivers NOTIFY only when the transaction commits (and drops it on rollback), so watchers never
 * hear of a change that did not happen, and a batch of signings pays one statement for all.
 */
export async function publishRequestsChangedIn(tx: Db, requestIds: readonly string[]): Promise<void> {
  const ids = [...new Set(requestIds)];
  if (ids.length === 0) return;
  await tx.execute(sql`SELECT pg_notify(${CHANNEL}, changed.id) FROM (VALUES ${sql.join(ids.map((id) => sql`(${id}::text)`), sql`, `)}) AS changed(id)`);
}

/** Calls onChange whenever the request changes; resolves to the unsubscribe function. */
export async function subscribeRequestChanged(database: Database, requestId: string, onChange: () => void): Promise<() => void> {
  const hub = await hubFor(database);
  hub.on(requestId, onChange);
  return () => hub.off(requestId, onChange);
}
