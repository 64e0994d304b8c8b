import type { Context } from '../context';
import { OUTBOX_CHANNEL } from './enqueue';
import type { AttachmentSources } from './mail/attachments';
import { runOutboxOnce } from './run-outbox';

/** How often the worker looks for due retries; a new delivery wakes it at once through NOTIFY. */
export const OUTBOX_POLL_MS = 2_000;

/**
 * The outbox worker of this server process: runs at start, whenever an enqueue commits (NOTIFY on
 * signet_outbox, heard by every instance on the same database) and every two seconds for retries.
 * Several instances may run it on one PostgreSQL: claiming (lib/notifications/claim.ts) gives each
 * row to one of them at a time. Returns a stop function.
 */
export function startOutboxWorker(ctx: Context, sources: AttachmentSources = {}): () => void {
  let running = false;
  let again = false;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    runOutboxOnce(ctx, 10, sources)
      .then((run) => {
        // A full batch means more may be waiting: go on without waiting for the timer.
        if (run.claimed >= 10) again = true;
      })
      .catch((e: unknown) => console.error('[signet] outbox run failed; retrying shortly', e))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          setImmediate(tick);
        }
      });
  };
  let unlisten: (() => Promise<void>) | undefined;
  ctx.database.listen(OUTBOX_CHANNEL, tick, tick).then(
    (u) => {
      unlisten = u;
      if (stopped) void u();
    },
    (e: unknown) => console.error('[signet] outbox LISTEN failed; polling only', e),
  );
  tick();
  const timer = setInterval(tick, OUTBOX_POLL_MS);
  timer.unref?.();
  return () => {
    stopped = true;
    clearInterval(timer);
    void unlisten?.();
  };
}
