import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Actor, Role } from '@/lib/auth/actor';
import { enrolStaff } from '@/lib/auth/test-support';
import { uploadDocument } from '@/lib/documents/upload-document';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { exportSigningRequestsQuery, type ExportSigningRequestsInput } from '@/lib/signing/request-filter';
import { createTestContext, sha256hex, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { CSV_COLUMNS, exportSigningRequests } from './export-signing-requests';
import { inspectPdf } from './pdf-test-support';

type Staff = Extract<Actor, { kind: 'staff' }>;

const input = (qs: string): ExportSigningRequestsInput => exportSigningRequestsQuery.parse(Object.fromEntries(new URLSearchParams(qs)));
const zh = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' } as const;

async function bodyOf(ctx: TestContext, qs: string, actor: Actor, view: Parameters<typeof exportSigningRequests>[2] = zh): Promise<{ bytes: Buffer; contentType: string; fileName: string }> {
  const out = await exportSigningRequests(ctx, input(qs), view, actor);
  return { bytes: Buffer.from(await new Response(out.body).arrayBuffer()), contentType: out.contentType, fileName: out.fileName };
}

for (const backend of ['pglite', 'postgres'] as const) {
  describe.skipIf(backend === 'postgres' && !testDatabaseUrl())(`history export on ${backend}`, () => {
    let ctx: TestContext;
    let alice: Staff, auditor: Staff;
    const ids: Record<string, string> = {};

    async function make(key: string, title: string, signer: { name: string; email?: string }, actor?: Actor): Promise<void> {
      const buf = Buffer.from(`%PDF-1.4 export ${key}`);
      const doc = await uploadDocument(ctx, { body: Readable.from([buf]), fileName: `${key}.pdf`, mediaType: undefined, claimedSha256: sha256hex(buf), declaredLength: buf.length }, actor);
      ids[key] = (await createSigningRequest(ctx, { documentId: doc.id, title, documentType: 'contract', signers: [signer] }, actor)).request.id;
      ctx.clock.advance(60_000);
    }

    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres: backend === 'postgres' });
      const staff = async (roles: Role[], name: string): Promise<Staff> => ({ kind: 'staff', id: (await enrolStaff(ctx, roles, name)).user.id, name, roles, sessionId: 't' });
      [alice, auditor] = [await staff(['uploader'], 'Alice'), await staff(['auditor'], '审计员 Ada')];
      await make('chinese', '劳动合同书 张三', { name: '张三', email: 'zhang@example.com' }, alice);
      await make('formula', '=HYPERLINK("http://evil.example","x")', { name: '+Mallory', email: 'm@example.com' });
      await make('plain', 'Supplier agreement', { name: 'Bob, "the builder"' });
      await ctx.db.update(schema.signingRequests).set({ status: 'signed', signedAt: ctx.clock.now() }).where(eq(schema.signingRequests.id, ids.chinese!));
    }, 120_000);
    afterAll(async () => ctx.dispose());

    it('exports CSV that parses back, formula cells neutralised, newest first', async () => {
      const out = await bodyOf(ctx, 'format=csv', auditor);
      expect(out.contentType).toBe('text/csv; charset=utf-8');
      expect(out.fileName).toMatch(/^signet-requests-.*\.csv$/);
      const rows = parseCsv(out.bytes, { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
      expect(rows.map((r) => r.id)).toEqual([ids.plain, ids.formula, ids.chinese]);
      expect(rows[0]!.signers).toBe('Bob, "the builder"');
      expect(rows[1]!.title).toBe(`'=HYPERLINK("http://evil.example","x")`);
      expect(rows[1]!.signers).toBe("'+Mallory");
      expect(rows[2]).toMatchObject({ title: '劳动合同书 张三', status: 'signed', signer_emails: 'zhang@example.com', document_type: 'contract' });
      expect(rows[2]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it('exports NDJSON, one parsable object per line, with the same filters as the list', async () => {
      const text = (await bodyOf(ctx, 'format=ndjson&status=signed', auditor)).bytes.toString('utf8');
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ id: ids.chinese, title: '劳动合同书 张三', status: 'signed', signers: [{ name: '张三', email: 'zhang@example.com' }], ledgerIndices: [] });
      const q = (await bodyOf(ctx, `format=ndjson&q=${encodeURIComponent('合同')}`, auditor)).bytes.toString('utf8');
      expect(q.trimEnd().split('\n')).toHaveLength(1);
    });

    it('exports plain text in the reader’s language with who exported and the filters', async () => {
      const text = (await bodyOf(ctx, 'format=txt&signer=zhang', auditor)).bytes.toString('utf8');
      expect(text).toContain('签署记录报告');
      expect(text).toContain('审计员 Ada');
      expect(text).toContain('签署人 = zhang');
      expect(text).toContain('劳动合同书 张三');
      expect(text).toContain('已签署');
      expect(text).not.toContain('Supplier agreement');
    });

    it('renders the PDF report with the Chinese title, filters, exporter and counts', async () => {
      const out = await bodyOf(ctx, 'format=pdf&documentType=contract', auditor);
      expect(out.contentType).toBe('application/pdf');
      const pdf = inspectPdf(out.bytes);
      try {
        expect(pdf.qpdf).toContain('No syntax or stream encoding errors');
        expect(pdf.text).toContain('劳动合同书 张三');
        expect(pdf.text).toContain('Supplier agreement');
        expect(pdf.text).toContain('审计员 Ada');
        expect(pdf.text).toContain('文件类型');
      } finally {
        pdf.dispose();
      }
    });

    it('refuses a PDF over the cap with EXPORT_TOO_LARGE before sending anything', async () => {
      await expect(exportSigningRequests(ctx, input('format=pdf'), { ...zh, pdfMaxRows: 2 }, auditor)).rejects.toMatchObject({ code: 'EXPORT_TOO_LARGE' });
      await expect(bodyOf(ctx, 'format=pdf', auditor, { ...zh, pdfMaxRows: 3 })).resolves.toBeTruthy();
    });

    it('exports only the uploader’s own requests', async () => {
      const rows = parseCsv((await bodyOf(ctx, 'format=csv', alice)).bytes, { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.id)).toEqual([ids.chinese]);
    });

    it('refuses bad filters with VALIDATION_FAILED naming the parameter', () => {
      expect(exportSigningRequestsQuery.safeParse({ format: 'xlsx' }).error?.issues[0]?.path).toEqual(['format']);
      expect(exportSigningRequestsQuery.safeParse({ sort: 'price' }).error?.issues[0]?.path).toEqual(['sort']);
      expect(exportSigningRequestsQuery.safeParse({ cursor: 'abc' }).success).toBe(false);
    });
  });
}
