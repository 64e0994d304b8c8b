'use client';

import { csrfHeaders } from './csrf';

/** Hashes a Blob with SHA-256 in a Web Worker, reporting progress; resolves to lower-case hex. */
export function hashInWorker(blob: Blob, onProgress: (done: number, total: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ type: string; done?: number; total?: number; sha256?: string; message?: string }>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress(m.done ?? 0, m.total ?? blob.size);
      else if (m.type === 'done') {
        worker.terminate();
        resolve(m.sha256 ?? '');
      } else {
        worker.terminate();
        reject(new Error(m.message ?? 'hashing failed'));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'hash worker failed to start'));
    };
    worker.postMessage({ blob });
  });
}

/** The API's error envelope as a thrown Error carrying the code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function apiJson<T>(input: string, init?: RequestInit): Promise<T> {
  const res = await fetch(input, { ...init, headers: { 'Content-Type': 'application/json', ...csrfHeaders(), ...(init?.headers ?? {}) } });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new ApiError(body?.error?.code ?? 'HTTP_' + res.status, body?.error?.message ?? res.statusText, res.status);
  return body as T;
}
