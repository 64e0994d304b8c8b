import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, upload, type TestContext } from '@/test/support/context';
import { AppError } from '../errors';
import { createSigningRequest } from './create-signing-request';
import { declineSigning } from './decline-signing';
import { getCeremony } from './get-ceremony';
import { watchSigningRequest } from './watch-signing-request';

async function readEvents(stream: ReadableStream<Uint8Array>, until: (statuses: string[]) => boolean): Promise<{ statuses: string[]; closed: boolean }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const statuses: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { statuses, closed: true };
    buffer += decoder.decode(value);
    for (const m of buffer.matchAll(/event: request\ndata: (.*)\n\n/g)) statuses.push((JSON.parse(m[1]!) as { status: string }).status);
    buffer = buffer.replace(/event: request\ndata: .*\n\n/g, '');
    if (until(statuses)) {
      reader.releaseLock();
      return { statuses, closed: false };
    }
  }
}

describe('watchSigningRequest (Server-Sent Events)', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => ctx.dispose());

  it('pushes pending, then opened and declined as they happen, and ends the stream at a final state', async () => {
    const doc = await upload(ctx, 'watch me');
    const { request, token } = await createSigningRequest(ctx, { documentId: doc.id, title: 'W', documentType: 'other', signerName: 'Ada' });
    const stream = await watchSigningRequest(ctx, request.id, new AbortController().signal);
    const reader = readEvents(stream, (s) => s.includes('declined'));
    await getCeremony(ctx, token);
    await declineSigning(ctx, token, 'no');
    const { statuses, closed } = await reader;
    expect(statuses).toEqual(['pending', 'opened', 'declined']);
    expect(closed).toBe(false);
  });

  it('announces expiry when the request lapses while the desktop watches', async () => {
    const doc = await upload(ctx, 'expiring');
    // 0.0002 h ≈ 0.7 s of real time: the stream's own timer marks the request expired.
    const { request } = await createSigningRequest(ctx, { documentId: doc.id, title: 'E', documentType: 'other', signerName: 'Ada', expiresInHours: 0.0002 });
    const stream = await watchSigningRequest(ctx, request.id, new AbortController().signal);
    const { statuses, closed } = await readEvents(stream, () => false);
    expect(statuses).toEqual(['pending', 'expired']);
    expect(closed).toBe(true);
  });

  it('refuses to watch an unknown request with NOT_FOUND before any stream starts', async () => {
    await expect(watchSigningRequest(ctx, '00000000-0000-4000-8000-000000000000', new AbortController().signal)).rejects.toMatchObject({ code: 'NOT_FOUND' } satisfies Partial<AppError>);
  });
});
