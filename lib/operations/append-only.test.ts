import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, resetTables, type TestContext } from '@/test/support/context';

/** The operation log refuses UPDATE, DELETE and TRUNCATE at the database (db/sql/operations_append_only.sql). */
describe('operations table is append-only', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({}, { postgres: true });
  });
  afterAll(async () => ctx.dispose());

  const insertOne = async (id: string) =>
    ctx.db.insert(schema.operations).values({ id, at: ctx.clock.now(), actorKind: 'system', actorName: 'test', action: 'test.insert', outcome: 'ok' });
  const ids = async () => (await ctx.db.select({ id: schema.operations.id }).from(schema.operations)).map((r) => r.id).sort();

  /** drizzle wraps the driver's error ("Failed query: …"); the trigger's message is in its cause. */
  const refused = async (p: Promise<unknown>) => {
    const e: unknown = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(Error);
    const text = `${(e as Error).message} ${String((e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : '')}`;
    expect(text).toMatch(/append-only/);
  };

  it('accepts inserts and refuses UPDATE, DELETE and TRUNCATE, leaving the rows as they were', async () => {
    await insertOne('op-1');
    await insertOne('op-2');
    await refused(ctx.db.update(schema.operations).set({ outcome: 'error' }));
    await refused(ctx.db.delete(schema.operations));
    await refused(ctx.db.execute(sql`TRUNCATE operations`));
    expect(await ids()).toEqual(['op-1', 'op-2']);
    const outcomes = await ctx.db.select({ outcome: schema.operations.outcome }).from(schema.operations);
    expect(outcomes.every((o) => o.outcome === 'ok')).toBe(true);
  });

  it('resetTables (the tests\' reset) leaves the operation log alone', async () => {
    const before = await ids();
    await resetTables(ctx);
    expect(await ids()).toEqual(before);
  });
});
