import { describe, expect, it } from 'vitest';
import { renderReportPdf, type ReportMeta, type ReportRow } from './render-report-pdf';
import { inspectPdf } from './pdf-test-support';

function row(i: number): ReportRow {
  return {
    id: `0190c0de-${String(i).padStart(4, '0')}-7000-8000-000000000000`,
    title: i % 2 ? `劳动合同 第${i}号` : `Supplier agreement ${i}`,
    documentType: i % 3 ? 'contract' : 'invoice',
    status: i % 4 ? 'signed' : 'pending',
    signers: [{ name: '张伟', email: 'zhang.wei@example.cn' }],
    createdAt: new Date(Date.UTC(2026, 11, 1, 8, 0, i)),
    signedAt: i % 4 ? new Date(Date.UTC(2026, 11, 2, 9, 0, i)) : null,
    sha256: `${i.toString(16).padStart(8, '0')}${'ab'.repeat(28)}`,
    ledgerIndices: i % 4 ? [i] : [],
    tags: ['审计'],
  };
}

async function* rows(n: number): AsyncGenerator<ReportRow> {
  for (let i = 0; i < n; i++) yield row(i);
}

const meta = (locale: ReportMeta['locale']): ReportMeta => ({
  locale,
  timeZone: 'Asia/Shanghai',
  organisation: '示例科技有限公司',
  exportedBy: 'Ada Auditor <ada@example.com>',
  exportedAt: new Date('2026-12-04T05:00:00Z'),
  filters: [{ label: locale === 'en' ? 'Status' : '状态', value: locale === 'en' ? 'Signed' : '已签署' }],
});

describe('renderReportPdf', () => {
  it('renders a title page with filters, exporter and counts, then every row on paginated table pages, Chinese included', async () => {
    const pdf = inspectPdf(await renderReportPdf(rows(45), meta('zh-CN')));
    try {
      expect(pdf.qpdf).toContain('No syntax or stream encoding errors');
      expect(pdf.text).toContain('签署记录报告');
      expect(pdf.text).toContain('示例科技有限公司');
      expect(pdf.text).toContain('Ada Auditor <ada@example.com>');
      expect(pdf.text).toMatch(/记录数\s+45/);
      expect(pdf.text).toMatch(/已签署 33 · 等待扫码 12/);
      expect(pdf.text).toMatch(/状态\s+已签署/);
      for (const i of [0, 1, 20, 44]) expect(pdf.text).toContain(row(i).title);
      expect(pdf.text).toContain('0000002c'); // the last row's fingerprint
      expect(pdf.pages).toBe(1 + Math.ceil(45 / 18));
    } finally {
      pdf.dispose();
    }
  });

  it('in English too, and says so when nothing matched', async () => {
    const pdf = inspectPdf(await renderReportPdf([], { ...meta('en'), filters: [] }));
    try {
      expect(pdf.text).toContain('Signing records report');
      expect(pdf.text).toMatch(/Records\s+0/);
      expect(pdf.text).toContain('No record matches these filters.');
      expect(pdf.text).toContain('None: every record this account may read');
      expect(pdf.pages).toBe(1);
    } finally {
      pdf.dispose();
    }
  });
});
