/**
 * PDF report speed and memory: renderReportPdf over N synthetic rows (goal ≥ 2,000 rows/s), against
 * a same-run baseline that serialises the same rows as NDJSON (the cheapest export format).
 * Run: npx tsx bench/report-pdf.ts [rows=10000]
 */
import { renderReportPdf, type ReportRow } from '@/lib/reports/render-report-pdf';

const n = Number(process.argv[2] ?? 10_000);
function* rows(): Generator<ReportRow> {
  for (let i = 0; i < n; i++) {
    yield {
      id: `0190c0de-${String(i % 10_000).padStart(4, '0')}-7000-8000-${String(i).padStart(12, '0')}`,
      title: i % 2 ? `劳动合同 第${i}号（张伟）` : `Supplier agreement ${i}`,
      documentType: 'contract',
      status: i % 4 ? 'signed' : 'pending',
      signers: [{ name: '张伟', email: 'zhang.wei@example.cn' }, { name: 'Ada Lovelace', email: 'ada@example.com' }],
      createdAt: new Date(1_764_000_000_000 + i * 1000),
      signedAt: i % 4 ? new Date(1_764_000_500_000 + i * 1000) : null,
      sha256: i.toString(16).padStart(64, 'a'),
      ledgerIndices: [i],
      tags: ['审计', 'Q4'],
    };
  }
}

async function main(): Promise<void> {
  const meta = { locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai', organisation: '示例科技有限公司', exportedBy: 'bench', exportedAt: new Date(), filters: [] };
  let t = performance.now();
  let bytes = 0;
  for (const r of rows()) bytes += JSON.stringify(r).length + 1;
  const baseMs = performance.now() - t;
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const pdf = await renderReportPdf(rows(), meta);
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const rss1 = process.memoryUsage().rss;
  console.log(JSON.stringify({
    rows: n,
    baselineNdjsonRowsPerS: Math.round(n / (baseMs / 1000)),
    pdfRowsPerS: Math.round(n / (ms / 1000)),
    ratioToBaseline: +(baseMs / ms).toFixed(4),
    cpuUsPerRow: +((cpu.user + cpu.system) / n).toFixed(1),
    pdfBytes: pdf.length,
    ndjsonBytes: bytes,
    rssGrowthMiB: +((rss1 - rss0) / 2 ** 20).toFixed(1),
  }));
}

void main();
