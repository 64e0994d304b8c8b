import type { Context } from '../context';
import { AppError, isAppError } from '../errors';
import { isReady } from './readiness';

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
}

/**
 * Ready when server start has finished (503 STARTING until then: load balancers must not send a
 * signing to an instance without its PKI) and the database answers a query. Cheap: one SELECT 1.
 * `ready` is injectable for tests; the server passes its own readiness.
 */
export async function checkHealth(context: () => Promise<Context>, ready: () => boolean = isReady): Promise<Health> {
  if (!ready()) throw new AppError('STARTING', 'expected a started server; migrations or first-start initialisation (PKI, ledger key, first checkpoint) are still running');
  try {
    const ctx = await context();
    await ctx.database.ping();
    return { status: 'ok', database: ctx.database.kind };
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('DATABASE_UNAVAILABLE', `expected the database to answer SELECT 1; it failed: ${(e as Error).message}`, { cause: e });
  }
}
