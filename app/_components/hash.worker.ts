/// <reference lib="webworker" />
import { createSHA256 } from 'hash-wasm';

/**
 * Hashes a File/Blob incrementally: 8 MiB slices, so a 1 GB file never sits in memory at once
 * (crypto.subtle.digest is one-shot and would need the whole file).
 */
const CHUNK = 8 * 1024 * 1024;

self.onmessage = async (event: MessageEvent<{ blob: Blob }>) => {
  try {
    const { blob } = event.data;
    const hasher = await createSHA256();
    hasher.init();
    for (let offset = 0; offset < blob.size; offset += CHUNK) {
      const bytes = new Uint8Array(await blob.slice(offset, offset + CHUNK).arrayBuffer());
      hasher.update(bytes);
      self.postMessage({ type: 'progress', done: Math.min(offset + CHUNK, blob.size), total: blob.size });
    }
    self.postMessage({ type: 'done', sha256: hasher.digest('hex') });
  } catch (e) {
    self.postMessage({ type: 'error', message: (e as Error).message });
  }
};
