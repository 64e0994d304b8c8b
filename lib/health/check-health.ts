import type { Context } from '../context';
import { AppError, isAppError } from '../errors';

/** Healthy when the database opens and answers a query. */
export async function checkHealth(context: () => Promise<Context>): Promise<{ status: 'ok'; database: 'pglite' | 'postgres' }> {
  try {
    const ctx = await context();
    await ctx.database.ping();
    return { status: 'ok', database: ctx.database.kind };
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('DATABASE_UNAVAILABLE', `expected the database to answer SELECT 1; it failed: ${(e as Error).message}`, { cause: e });
  }
}
