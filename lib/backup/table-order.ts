import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from './sql-rows';

/**
 * Every table of the public schema, parents before children (each foreign key's referenced table
 * first), so a restore can insert them in this order with every constraint checked as it goes.
 */
export async function tableOrder(db: Executor): Promise<string[]> {
  const tables = (await rowsOf<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((t) => t.name);
  const edges = await rowsOf<{ child: string; parent: string }>(
    db,
    sql`SELECT cc.relname AS child, pc.relname AS parent
        FROM pg_constraint c
        JOIN pg_class cc ON cc.oid = c.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace
        JOIN pg_class pc ON pc.oid = c.confrelid
        WHERE c.contype = 'f' AND cn.nspname = 'public'`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (t: string, path: Set<string>): void => {
    if (placed.has(t)) return;
    if (path.has(t)) throw new Error(`expected foreign keys without cycles; ${[...path, t].join(' → ')} is one`);
    path.add(t);
    for (const p of parents.get(t) ?? []) visit(p, path);
    path.delete(t);
    placed.add(t);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}
