import type { SQL } from 'drizzle-orm';

/** Anything with drizzle's execute: the database handle or a transaction. */
export interface Executor {
  execute(query: SQL): Promise<unknown>;
}

/** Rows of a raw statement: PGlite answers { rows }, postgres-js an array of rows. */
export async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
