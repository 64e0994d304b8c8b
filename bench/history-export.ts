/**
 * History export throughput on PostgreSQL: CSV and NDJSON through exportSigningRequests (keyset
 * batches, three queries per 1,000 rows, csv-stringify) against a bare `COPY (same rows) TO STDOUT`
 * in the same run, plus CPU per row and RSS growth while streaming.
 *
 *   node scripts/pg-temp.mjs -- npx tsx bench/history-export.ts 200000
 *
 * Needs TEST_DATABASE_URL (pg-temp sets it). Rows are seeded inside the database with
 * generate_series: one document, one signer and one signer place per request, half the titles Chinese.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { createContext } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { exportSigningRequests } from '@/lib/reports/export-signing-requests';

const N = Number(process.argv[2] ?? 200_000);
const url = process.env.TEST_DATABASE_URL;
if (!url) throw new Error('bench/history-export.ts needs TEST_DATABASE_URL (run it under node scripts/pg-temp.mjs --)');

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'signet-bench-export-'));
  const ctx = await createContext({ config: parseConfig({ ORIGIN: 'http://localhost:3999', RP_ID: 'localhost', DATA_DIR: dataDir, DATABASE_URL: url }) });
  try {
    const t0 = Date.now();
    const slice = 100_000;
    for (let from = 0; from < N; from += slice) {
      const to = Math.min(N, from + slice) - 1;
      await ctx.db.execute(sql.raw(`INSERT INTO documents (id, sha256, size, media_type, original_name, created_at)
        SELECT 'd' || i, encode(sha256(convert_to('doc ' || i, 'UTF8')), 'hex'), 1000 + i, 'application/pdf', 'file-' || i || '.pdf', timestamptz '2026-01-01' + i * interval '1 second' FROM generate_series(${from}, ${to}) i`));
      await ctx.db.execute(sql.raw(`INSERT INTO signers (id, display_name, email, webauthn_user_id, created_at)
        SELECT 's' || i, CASE WHEN i % 2 = 0 THEN '张伟' || i ELSE 'Ada ' || i END, 'p' || i || '@example.com', 'w' || i, timestamptz '2026-01-01' FROM generate_series(${from}, ${to}) i`));
      await ctx.db.execute(sql.raw(`INSERT INTO signing_requests (id, document_id, signer_id, title, document_type, status, created_at, expires_at, signed_at)
        SELECT 'r' || lpad(i::text, 8, '0'), 'd' || i, 's' || i, CASE WHEN i % 2 = 0 THEN '劳动合同 第' || i || '号' ELSE 'Supplier agreement ' || i END, 'contract',
          CASE WHEN i % 3 = 0 THEN 'pending' ELSE 'signed' END, timestamptz '2026-01-01' + i * interval '1 second', timestamptz '2030-01-01',
          CASE WHEN i % 3 = 0 THEN NULL ELSE timestamptz '2026-01-02' + i * interval '1 second' END FROM generate_series(${from}, ${to}) i`));
      await ctx.db.execute(sql.raw(`INSERT INTO request_signers (id, request_id, signer_id, position, step, token_hash, status)
        SELECT 'p' || i, 'r' || lpad(i::text, 8, '0'), 's' || i, 0, 1, 't' || i, 'pending' FROM generate_series(${from}, ${to}) i`));
    }
    await ctx.db.execute(sql`ANALYZE`);
    console.log(`seeded ${N} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const raw = postgres(url!, { max: 1, onnotice: () => {} });
    const copy = await measure('COPY … TO STDOUT (CSV)', async () => {
      const stream = await raw`COPY (SELECT r.id, r.title, r.document_type, r.status, r.created_at, r.signed_at, s.display_name, s.email, d.original_name, d.size, d.sha256
        FROM signing_requests r JOIN documents d ON d.id = r.document_id JOIN request_signers rs ON rs.request_id = r.id JOIN signers s ON s.id = rs.signer_id ORDER BY r.created_at DESC, r.id DESC) TO STDOUT WITH (FORMAT csv, HEADER)`.readable();
      let bytes = 0;
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
      return { rows: N, bytes };
    });
    await raw.end();
    const results = [copy];
    for (const format of ['csv', 'ndjson'] as const) {
      results.push(
        await measure(`exportSigningRequests ${format}`, async () => {
          const out = await exportSigningRequests(ctx, { format, sort: 'created' }, { locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
          let bytes = 0;
          let lines = 0;
          const reader = out.body.getReader();
          for (let next = await reader.read(); !next.done; next = await reader.read()) {
            bytes += next.value.length;
            for (const b of next.value) if (b === 10) lines += 1;
          }
          return { rows: format === 'csv' ? lines - 1 : lines, bytes };
        }),
      );
    }
    console.log(`\n| measure | rows | rows/s | ratio to COPY | CPU µs/row | RSS growth (MiB) | output (MB) |\n|---|---|---|---|---|---|---|`);
    for (const r of results) {
      console.log(`| ${r.label} | ${r.rows.toLocaleString('en')} | ${Math.round(r.rowsPerSec).toLocaleString('en')} | ${(r.rowsPerSec / copy.rowsPerSec).toFixed(3)} | ${r.cpuPerRow.toFixed(1)} | ${r.rssGrowthMiB.toFixed(1)} | ${(r.bytes / 1e6).toFixed(1)} |`);
    }
  } finally {
    await ctx.database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function measure(label: string, body: () => Promise<{ rows: number; bytes: number }>) {
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { rows, bytes } = await body();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const r = { label, rows, bytes, rowsPerSec: rows / seconds, cpuPerRow: (cpu.user + cpu.system) / rows, rssGrowthMiB: (peak - rss0) / 2 ** 20 };
  console.log(`${label}: ${rows} rows in ${seconds.toFixed(2)} s`);
  return r;
}

void main();
