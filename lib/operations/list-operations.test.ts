import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { AppError } from '@/lib/errors';
import { parseQuery } from '@/lib/http/respond';
import { createTestContext, type TestContext } from '@/test/support/context';
import { exportOperations } from './export-operations';
import { listOperations } from './list-operations';
import { exportOperationsQuery, listOperationsQuery } from './operations-query';
import { recordOperation, type OperationInput } from './record-operation';

const HOSTILE = ["' OR 1=1 --", "x'); DROP TABLE operations; --", '%', '_', 'request.%', '*'];

describe('listing and exporting the operation log', () => {
  let ctx: TestContext;
  const base: OperationInput = { action: 'request.create', actor: { kind: 'staff', id: 'u1', name: 'Grace', roles: ['uploader'], sessionId: 's' }, outcome: 'ok', ip: '192.0.2.1', userAgent: 'UA' };

  beforeAll(async () => {
    ctx = await createTestContext({}, { postgres: true });
    for (let i = 0; i < 25; i++) {
      ctx.clock.set(new Date(Date.UTC(2026, 2, 1, 12, i)));
      await recordOperation(ctx, { ...base, target: { type: 'request', id: `r-${i}` }, outcome: i % 5 === 0 ? 'refused' : 'ok', errorCode: i % 5 === 0 ? 'NOT_FOUND' : null });
    }
    ctx.clock.set('2026-03-01T13:00:00.000Z');
    await recordOperation(ctx, { ...base, action: 'request.expire', actor: { kind: 'system', name: 'request-expiry' }, target: { type: 'request', id: 'r-0' } });
    await recordOperation(ctx, { ...base, action: 'document.upload', actor: { kind: 'signer', id: null, name: HOSTILE[0]! }, target: { type: 'document', id: '=HYPERLINK("http://evil.example","x")' }, userAgent: '+cmd|calc', details: { note: '@SUM(A1)' } });
    await recordOperation(ctx, { ...base, action: 'request_x', target: { type: 'request', id: '-2+3' }, userAgent: '\tTAB', ip: '\rCR' });
  });
  afterAll(async () => ctx.dispose());

  const all = async (filter: Parameters<typeof listOperations>[1]) => {
    const out = [];
    let cursor: string | undefined;
    do {
      const page = await listOperations(ctx, { ...filter, cursor });
      out.push(...page.operations);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  };

  it('pages newest first with a keyset cursor, never repeating or skipping a row', async () => {
    const rows = await all({ limit: 4 });
    expect(rows).toHaveLength(28);
    expect(new Set(rows.map((r) => r.id)).size).toBe(28);
    const times = rows.map((r) => r.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by time range, actor, action (exact or family), target and outcome', async () => {
    expect(await all({ limit: 50, from: '2026-03-01T12:10:00Z', to: '2026-03-01T12:14:00Z' })).toHaveLength(5);
    expect(await all({ limit: 50, outcome: 'refused' })).toHaveLength(5);
    expect(await all({ limit: 50, actorKind: 'system' })).toMatchObject([{ action: 'request.expire' }]);
    expect(await all({ limit: 50, actor: 'u1', action: 'request.create' })).toHaveLength(25);
    expect(await all({ limit: 50, action: 'request.*' })).toHaveLength(26); // not request_x: "_" is no wildcard
    expect((await all({ limit: 50, targetType: 'request', targetId: 'r-0' })).map((r) => r.action)).toEqual(['request.expire', 'request.create']);
  });

  it('matches filter values carrying SQL or LIKE wildcards literally and changes nothing', async () => {
    const before = await ctx.db.select().from(schema.operations);
    for (const value of HOSTILE.slice(1)) {
      for (const key of ['actor', 'action', 'targetType', 'targetId'] as const) {
        expect(await all({ limit: 50, [key]: value }), `${key}=${value}`).toEqual([]);
      }
    }
    expect(await all({ limit: 50, actor: HOSTILE[0] })).toMatchObject([{ action: 'document.upload', actor: { name: HOSTILE[0] } }]);
    expect(await ctx.db.select().from(schema.operations)).toEqual(before);
  });

  it('refuses bad dates, outcomes, limits, cursors and unknown parameters with VALIDATION_FAILED', async () => {
    const bad = ['from=yesterday', 'to=2026-13-01T00:00:00Z', 'outcome=maybe', 'actorKind=root', 'limit=0', 'limit=1000', 'cursor=%27%20OR%201%3D1', 'nonsense=1'];
    for (const q of bad) {
      const e = (() => {
        try {
          parseQuery(new Request(`http://x/api/operations?${q}`), listOperationsQuery);
          return null;
        } catch (err) {
          return err;
        }
      })();
      expect(e, q).toBeInstanceOf(AppError);
      expect((e as AppError).code, q).toBe('VALIDATION_FAILED');
    }
    await expect(listOperations(ctx, { limit: 5, cursor: 'bm90LWpzb24' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(() => parseQuery(new Request('http://x/?format=xml'), exportOperationsQuery)).toThrow(AppError);
    expect(parseQuery(new Request('http://x/?from=&outcome='), listOperationsQuery)).toEqual({ limit: 50 });
  });

  it('exports CSV with formula-looking cells neutralised, and JSON that parses to the same rows', async () => {
    const csv = await new Response(exportOperations(ctx, {}, 'csv').body).text();
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('at,actor_kind,actor_id,actor_name,action,target_type,target_id,outcome,error_code,ip,user_agent,request_id,details');
    expect(lines).toHaveLength(29);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain("'+cmd|calc");
    expect(csv).toContain("'-2+3");
    expect(csv).toContain(",'\tTAB,");
    expect(csv).toContain(`"'\rCR"`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);

    const json = JSON.parse(await new Response(exportOperations(ctx, { outcome: 'refused' }, 'json').body).text()) as { outcome: string }[];
    expect(json).toHaveLength(5);
    expect(json.every((r) => r.outcome === 'refused')).toBe(true);
    expect(JSON.parse(await new Response(exportOperations(ctx, { actor: 'nobody' }, 'json').body).text())).toEqual([]);
  });
});
