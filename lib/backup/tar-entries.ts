import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { Pack } from 'tar-stream';

/**
 * Adds one file to a tar-stream pack and resolves once its bytes are in (tar entries are written one
 * after another). tar-stream's entries are streamx streams, so the bytes are copied by hand with
 * backpressure rather than through node:stream's pipeline.
 */
export async function addEntry(pack: Pack, name: string, body: Buffer | { size: number; stream: Readable }): Promise<void> {
  let done!: (e?: Error | null) => void;
  const finished = new Promise<void>((resolve, reject) => (done = (e) => (e ? reject(e) : resolve())));
  if (Buffer.isBuffer(body)) {
    pack.entry({ name, size: body.length, mode: 0o600 }, body, done);
    return finished;
  }
  const entry = pack.entry({ name, size: body.size, mode: 0o600 }, done);
  for await (const chunk of body.stream) {
    if (!entry.write(chunk as Buffer)) await once(entry as unknown as NodeJS.EventEmitter, 'drain');
  }
  (entry.end as unknown as () => void).call(entry); // streamx's end() takes an optional last chunk
  return finished;
}
