import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Actor, Role } from '@/lib/auth/actor';
import { enrolStaff } from '@/lib/auth/test-support';
import { uploadDocument } from '@/lib/documents/upload-document';
import { parseQuery } from '@/lib/http/respond';
import { addNote } from '@/lib/notes/add-note';
import { createTestContext, sha256hex, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { createSigningRequest } from './create-signing-request';
import { listSigningRequests } from './list-signing-requests';
import { listSigningRequestsQuery, type ListSigningRequestsInput } from './request-filter';

type Staff = Extract<Actor, { kind: 'staff' }>;

const DAY = 86_400_000;

/** What GET /api/requests does with a query string: VALIDATION_FAILED naming the parameter, or the parsed input. */
const parse = (qs: string): ListSigningRequestsInput => parseQuery(new Request(`http://localhost/api/requests?${qs}`), listSigningRequestsQuery);

describe('history query parameters', () => {
  it.each([
    ['createdFrom=yesterday', 'createdFrom'],
    ['createdTo=2026-02-30', 'createdTo'],
    ['signedFrom=2026-03-01T12:00:00', 'signedFrom'],
    ['createdFrom=2026-03-05&createdTo=2026-03-01', 'createdTo'],
    ['signedFrom=2026-03-05T00:00:00Z&signedTo=2026-03-04T23:59:59Z', 'signedTo'],
    ['createdFrom=99999-01-01T00:00:00Z', 'createdFrom'],
    ['status=done', 'status'],
    ['sort=price', 'sort'],
    ['sort=created;drop', 'sort'],
    ['sha256=abc1234', 'sha256'],
    ['sha256=zzzzzzzzzz', 'sha256'],
    [`sha256=${'a'.repeat(65)}`, 'sha256'],
    ['documentType=con%20tract', 'documentType'],
    ['batch=%27%20or%201%3D1', 'batch'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['cursor=not*a*cursor', 'cursor'],
    [`signer=${'x'.repeat(201)}`, 'signer'],
    ['offset=10', 'offset'],
  ])('refuses %s with VALIDATION_FAILED naming %s', (qs, name) => {
    expect(() => parse(qs)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining(`${name}:`) }));
  });

  it('refuses a 10 MB search string by its length, naming q', () => {
    const huge = encodeURIComponent('合'.repeat(10 * 1024 * 1024 / 3));
    expect(() => parse(`q=${huge}`)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringContaining('q: expected search text of at most 200 characters') }));
  });

  it('reads dates as whole UTC days and lower-cases a hash prefix', () => {
    expect(parse('createdFrom=2026-03-01&createdTo=2026-03-02&sha256=ABCDEF12')).toMatchObject({
      createdFrom: '2026-03-01T00:00:00.000Z',
      createdTo: '2026-03-02T23:59:59.999Z',
      sha256: 'abcdef12',
      sort: 'created',
      limit: 50,
    });
    expect(parse('signedFrom=2026-03-01T08:00:00%2B08:00').signedFrom).toBe('2026-03-01T00:00:00.000Z');
  });

  it('treats empty parameters (an untouched form field) as no filter', () => {
    expect(parse('status=&q=&signer=')).toEqual({ sort: 'created', limit: 50 });
  });
});

for (const backend of ['pglite', 'postgres'] as const) {
  describe.skipIf(backend === 'postgres' && !testDatabaseUrl())(`history filters on ${backend}`, () => {
    let ctx: TestContext;
    let alice: Staff, bruno: Staff, auditor: Staff;
    const ids: Record<'contract' | 'invoice' | 'nda' | 'percent', string> = { contract: '', invoice: '', nda: '', percent: '' };
    const hashes: Record<string, string> = {};
    const start = new Date('2026-03-01T12:00:00.000Z');

    async function staff(roles: Role[], name: string): Promise<Staff> {
      const { user } = await enrolStaff(ctx, roles, name);
      return { kind: 'staff', id: user.id, name, roles, sessionId: 'test' };
    }

    async function make(key: keyof typeof ids, title: string, documentType: string, signers: { name: string; email?: string }[], actor?: Actor): Promise<void> {
      const buf = Buffer.from(`%PDF-1.4 ${key}`);
      hashes[key] = sha256hex(buf);
      const doc = await uploadDocument(ctx, { body: Readable.from([buf]), fileName: `${key}.pdf`, mediaType: undefined, claimedSha256: hashes[key]!, declaredLength: buf.length }, actor);
      ids[key] = (await createSigningRequest(ctx, { documentId: doc.id, title, documentType, signers, order: 'parallel' }, actor)).request.id;
    }

    /** The ids a query answers, in order, as the auditor sees them. */
    const find = async (qs: string, actor: Actor = auditor): Promise<string[]> => (await listSigningRequests(ctx, parse(qs), actor)).items.map((r) => r.id);
    const rowCount = async (): Promise<number> => (await ctx.db.select({ n: sql<number>`count(*)::int` }).from(schema.signingRequests))[0]!.n;

    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres: backend === 'postgres' });
      [alice, bruno, auditor] = [await staff(['uploader'], 'Alice Uploader'), await staff(['uploader'], 'Bruno Sender'), await staff(['auditor'], 'Aud')];
      await make('contract', '劳动合同书 2026', 'contract', [{ name: '张三', email: 'zhang@example.com' }], alice);
      ctx.clock.advance(2 * DAY);
      await make('invoice', 'Invoice March', 'invoice', [{ name: 'Bob Builder', email: 'bob@example.com' }], bruno);
      ctx.clock.advance(2 * DAY);
      await make('nda', '保密协议', 'hr', [{ name: '李四' }, { name: 'Carol', email: 'carol@example.org' }]);
      ctx.clock.advance(2 * DAY);
      await make('percent', '50% off_deal', 'other', [{ name: 'Dora' }], alice);
      await addNote(ctx, ids.nda, '已核对身份证 checked passport', auditor);
      // Signed states are set directly: these tests are about finding records, not the signing path.
      await ctx.db.update(schema.signingRequests).set({ status: 'signed', signedAt: new Date(start.getTime() + DAY) }).where(eq(schema.signingRequests.id, ids.contract));
      await ctx.db.update(schema.signingRequests).set({ status: 'signed', signedAt: new Date(start.getTime() + 5 * DAY) }).where(eq(schema.signingRequests.id, ids.nda));
      await ctx.db.insert(schema.batches).values({ id: 'batch-1', name: 'Spring hires', createdBy: 'Aud', createdAt: start, expiresAt: new Date(start.getTime() + 30 * DAY), status: 'open' });
      await ctx.db.insert(schema.batchDocuments).values({ requestId: ids.nda, batchId: 'batch-1', position: 0, priority: 'normal' });
    }, 120_000);
    afterAll(async () => ctx.dispose());

    it('lists newest first by default', async () => {
      expect(await find('')).toEqual([ids.percent, ids.nda, ids.invoice, ids.contract]);
    });

    it('filters by created and signed ranges, whole days or instants', async () => {
      expect(await find('createdFrom=2026-03-03&createdTo=2026-03-05')).toEqual([ids.nda, ids.invoice]);
      expect(await find('createdTo=2026-03-01T12:00:00Z')).toEqual([ids.contract]);
      expect(await find('signedFrom=2026-03-02&signedTo=2026-03-02')).toEqual([ids.contract]);
      expect(await find('signedFrom=2026-03-01')).toEqual([ids.nda, ids.contract]);
    });

    it('answers a huge range with everything in it', async () => {
      expect(await find('createdFrom=0001-01-01&createdTo=9999-12-31&signedFrom=0001-01-01T00:00:00Z')).toEqual([ids.nda, ids.contract]);
    });

    it('filters by document type, status, batch and uploader', async () => {
      expect(await find('documentType=invoice')).toEqual([ids.invoice]);
      expect(await find('status=signed')).toEqual([ids.nda, ids.contract]);
      // The invoice's link lapsed four days ago: expired, although no write recorded it yet.
      expect(await find('status=pending')).toEqual([ids.percent]);
      expect(await find('status=expired')).toEqual([ids.invoice]);
      expect(await find('batch=batch-1')).toEqual([ids.nda]);
      expect(await find('batch=batch-2')).toEqual([]);
      expect(await find('uploader=alice')).toEqual([ids.percent, ids.contract]);
      expect(await find(`uploader=${bruno.id}`)).toEqual([ids.invoice]);
    });

    it('finds any signer by part of the name or e-mail, case-insensitively', async () => {
      expect(await find('signer=CAROL')).toEqual([ids.nda]);
      expect(await find('signer=李四')).toEqual([ids.nda]);
      expect(await find('signer=example.com')).toEqual([ids.invoice, ids.contract]);
      expect(await find(`signer=${encodeURIComponent('张')}`)).toEqual([ids.contract]);
    });

    it('finds a document by its full SHA-256 or a prefix of at least 8 hex digits', async () => {
      expect(await find(`sha256=${hashes.invoice}`)).toEqual([ids.invoice]);
      expect(await find(`sha256=${hashes.nda!.slice(0, 8).toUpperCase()}`)).toEqual([ids.nda]);
    });

    it('searches titles, signers and notes, Chinese text included', async () => {
      expect(await find(`q=${encodeURIComponent('合同')}`)).toEqual([ids.contract]);
      expect(await find(`q=${encodeURIComponent('劳动合同书')}`)).toEqual([ids.contract]);
      expect(await find(`q=${encodeURIComponent('身份证')}`)).toEqual([ids.nda]);
      expect(await find(`q=${encodeURIComponent('保密')}`)).toEqual([ids.nda]);
      expect(await find('q=invoice%20MARCH')).toEqual([ids.invoice]);
      expect(await find('q=passport%20carol')).toEqual([ids.nda]);
      expect(await find(`q=${encodeURIComponent('合同　bob')}`)).toEqual([]);
    });

    it('matches LIKE wildcards and SQL in search text literally, changing nothing', async () => {
      const before = await rowCount();
      expect(await find('q=%25')).toEqual([ids.percent]);
      expect(await find('q=_')).toEqual([ids.percent]);
      expect(await find(`q=${encodeURIComponent("'; DROP TABLE signing_requests; --")}`)).toEqual([]);
      expect(await find(`signer=${encodeURIComponent("' OR 1=1 --")}`)).toEqual([]);
      expect(await find(`uploader=${encodeURIComponent("x' OR ''='")}`)).toEqual([]);
      expect(await rowCount()).toBe(before);
    });

    it('combines filters', async () => {
      expect(await find('status=signed&createdFrom=2026-03-02&q=%E4%BF%9D%E5%AF%86')).toEqual([ids.nda]);
      expect(await find('status=signed&documentType=invoice')).toEqual([]);
      expect(await find('uploader=alice&status=pending&sort=title')).toEqual([ids.percent]);
      expect(await find('signer=bob&status=expired&documentType=invoice')).toEqual([ids.invoice]);
    });

    it('keeps to the uploader’s own requests whatever the filters', async () => {
      expect(await find('', bruno)).toEqual([ids.invoice]);
      expect(await find('signer=zhang', bruno)).toEqual([]);
      expect(await find('uploader=alice', bruno)).toEqual([]);
    });

    it.each([
      ['created', ['percent', 'nda', 'invoice', 'contract']],
      ['signed', ['nda', 'contract', 'percent', 'invoice']],
      // Code-point order: digits, Latin, then 保 (U+4FDD) before 劳 (U+52B3).
      ['title', ['percent', 'invoice', 'nda', 'contract']],
    ] as const)('sorts by %s and pages through it with the cursor, one row at a time', async (sort, order) => {
      let expected: string[] = order.map((k) => ids[k]);
      // Not yet signed: last, newest id first among themselves (the id breaks the tie).
      if (sort === 'signed') expected = [...expected.slice(0, 2), ...expected.slice(2).sort().reverse()];
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i += 1) {
        const page = await listSigningRequests(ctx, { ...parse(`sort=${sort}&limit=1`), cursor }, auditor);
        seen.push(...page.items.map((r) => r.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(expected);
      expect(await find(`sort=${sort}`)).toEqual(expected);
    });

    it('refuses a cursor from another query, naming cursor', async () => {
      const page = await listSigningRequests(ctx, parse('uploader=alice&limit=1'), auditor);
      expect(page.nextCursor).not.toBeNull();
      await expect(listSigningRequests(ctx, parse(`status=signed&limit=1&cursor=${page.nextCursor}`), auditor)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('cursor: expected a nextCursor of this same query'),
      });
      await expect(listSigningRequests(ctx, parse(`uploader=alice&sort=title&limit=1&cursor=${page.nextCursor}`), auditor)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const forged = Buffer.from(JSON.stringify(['x', 'y', 'z'])).toString('base64url');
      await expect(listSigningRequests(ctx, parse(`cursor=${forged}`), auditor)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('cursor:') });
      expect((await listSigningRequests(ctx, parse(`uploader=alice&limit=5&cursor=${page.nextCursor}`), auditor)).items.map((r) => r.id)).toEqual([ids.contract]);
    });
  });
}
