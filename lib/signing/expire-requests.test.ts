import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, uploadAndRequest, type TestContext } from '@/test/support/context';
import { expireLapsedRequests } from './expire-requests';
import { getSigningRequest } from './get-signing-request';
import { findRequestByToken } from './resolve-token';

describe('request expiry is recorded once, by the system actor', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({}, { postgres: true });
  });
  afterAll(async () => ctx.dispose());

  const expiries = async (id: string) =>
    ctx.db.select().from(schema.operations).where(eq(schema.operations.targetId, id));

  it('sweep, staff read and a scanned link all notice the lapse; one request.expire entry results', async () => {
    const { request, token } = await uploadAndRequest(ctx);
    await expect(expireLapsedRequests(ctx)).resolves.toBe(0);
    expect(await expiries(request.id)).toEqual([]);

    ctx.clock.set(request.expiresAt);
    expect((await getSigningRequest(ctx, request.id)).status).toBe('expired');
    await expect(findRequestByToken(ctx, token)).resolves.toMatchObject({ status: 'expired' });
    await expireLapsedRequests(ctx);
    await Promise.all([getSigningRequest(ctx, request.id), expireLapsedRequests(ctx)]);

    const ops = await expiries(request.id);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ action: 'request.expire', actorKind: 'system', actorName: 'request-expiry', targetType: 'request', outcome: 'ok' });
    expect(ops[0]!.at.toISOString()).toBe(request.expiresAt);
  });

  it('the sweep expires every lapsed request and leaves live ones alone', async () => {
    ctx.clock.set('2026-03-01T12:00:00.000Z');
    const a = await uploadAndRequest(ctx, '%PDF-1.4 a');
    ctx.clock.advance(3_600_000);
    const b = await uploadAndRequest(ctx, '%PDF-1.4 b');
    ctx.clock.set(a.request.expiresAt);
    await expireLapsedRequests(ctx);
    expect(await expiries(a.request.id)).toHaveLength(1);
    expect(await expiries(b.request.id)).toHaveLength(0);
    const [row] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, b.request.id));
    expect(row!.status).toBe('pending');
  });
});
