import { EventEmitter } from 'node:events';
import type { Database } from '@/db/client';

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

/** Calls onChange whenever the request changes; resolves to the unsubscribe function. */
export async function subscribeRequestChanged(database: Database, requestId: string, onChange: () => void): Promise<() => void> {
  const hub = await hubFor(database);
  hub.on(requestId, onChange);
  return () => hub.off(requestId, onChange);
}
