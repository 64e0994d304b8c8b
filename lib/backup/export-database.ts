import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { tableOrder } from './table-order';
import { rowsOf } from './sql-rows';

export interface ExportedDatabase {
  migrations: string[];
  tables: { name: string; rows: number; file: string }[];
  blobs: { sha256: string; size: number }[];
}

/** Rows per round trip: bounded memory whatever the table's size. */
const PAGE = 2_000;

/**
 * A consistent logical export of every table, for PGlite and PostgreSQL alike: one REPEATABLE READ,
 * READ ONLY transaction (PostgreSQL §13.2.2: every statement sees the snapshot of its first), each
 * table paged by ctid into DIR/<table>.ndjson as row_to_json text, so bytea, timestamps and jsonb
 * come back byte-exact through json_populate_recordset. Also lists the blobs the snapshot references.
 */
export async function exportDatabase(db: Db, dir: string): Promise<ExportedDatabase> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
    const migrations = (await rowsOf<{ hash: string }>(tx, sql`SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at, id`)).map((r) => r.hash);
    const tables: ExportedDatabase['tables'] = [];
    // The backup history describes the installation that made it, not its data (and would hold this
    // very backup as "running"): it stays out of the archive.
    for (const name of (await tableOrder(tx)).filter((t) => t !== 'backups')) {
      const file = path.join(dir, `${name}.ndjson`);
      const out = createWriteStream(file, { mode: 0o600 });
      let rows = 0;
      let after = '(0,0)';
      for (;;) {
        const page = await rowsOf<{ c: string; j: string }>(
          tx,
          sql`SELECT ctid::text AS c, row_to_json(t)::text AS j FROM ${sql.identifier(name)} t WHERE ctid > ${after}::tid ORDER BY ctid LIMIT ${PAGE}`,
        );
        for (const row of page) if (!out.write(`${row.j}\n`)) await once(out, 'drain');
        rows += page.length;
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.c;
      }
      out.end();
      await once(out, 'close');
      tables.push({ name, rows, file });
    }
    const blobs = (await rowsOf<{ sha256: string; size: string | number }>(tx, sql`SELECT sha256, max(size) AS size FROM documents GROUP BY sha256 ORDER BY sha256`)).map((b) => ({
      sha256: b.sha256,
      size: Number(b.size),
    }));
    return { migrations, tables, blobs };
  });
}
