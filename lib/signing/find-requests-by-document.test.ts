import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '@/lib/auth/actor';
import { enrolStaff } from '@/lib/auth/test-support';
import { uploadDocument, type DocumentView } from '@/lib/documents/upload-document';
import { listOperations } from '@/lib/operations/list-operations';
import { recordOperation } from '@/lib/operations/record-operation';
import { targetLabels } from '@/lib/operations/target-labels';
import { createTestContext, sha256hex, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { createSigningRequest } from './create-signing-request';
import { findRequestsByDocument } from './find-requests-by-document';
import { openRequestDocument } from './open-request-document';

type Staff = Extract<Actor, { kind: 'staff' }>;
const SAME = Buffer.from('%PDF-1.4 the same file, sent by two uploaders');

async function staff(ctx: TestContext, roles: Role[], name: string): Promise<Staff> {
  const { user } = await enrolStaff(ctx, roles, name);
  return { kind: 'staff', id: user.id, name, roles, sessionId: 'test' };
}

async function uploadAs(ctx: TestContext, actor: Actor, bytes: Buffer): Promise<DocumentView> {
  return uploadDocument(ctx, { body: Readable.from([bytes]), fileName: 'lease.pdf', mediaType: undefined, claimedSha256: sha256hex(bytes), declaredLength: bytes.length }, actor);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(parts);
}

for (const backend of ['pglite', 'postgres'] as const) {
  describe.skipIf(backend === 'postgres' && !testDatabaseUrl())(`document lookup and download on ${backend}`, () => {
    let ctx: TestContext;
    let a: Staff, b: Staff, auditor: Staff;
    let reqA: string, reqB: string;

    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres: backend === 'postgres' });
      [a, b, auditor] = [await staff(ctx, ['uploader'], 'Ada'), await staff(ctx, ['uploader'], 'Bo'), await staff(ctx, ['auditor'], 'Aud')];
      reqA = (await createSigningRequest(ctx, { documentId: (await uploadAs(ctx, a, SAME)).id, title: 'Lease (Ada)', documentType: 'other', signerName: 'S1' }, a)).request.id;
      reqB = (await createSigningRequest(ctx, { documentId: (await uploadAs(ctx, b, SAME)).id, title: '租赁合同（Bo）', documentType: 'other', signerName: 'S2' }, b)).request.id;
      await createSigningRequest(ctx, { documentId: (await uploadAs(ctx, a, Buffer.from('%PDF-1.4 another file'))).id, title: 'Other', documentType: 'other', signerName: 'S3' }, a);
    }, 300_000);
    afterAll(async () => ctx?.dispose());

    it('an auditor finds every request of the file by its hash, and nothing else', async () => {
      // The test clock stands still, so both have the same createdAt: compare as a set.
      const found = await findRequestsByDocument(ctx, sha256hex(SAME), auditor);
      expect(found.items.map((r) => r.id).sort()).toEqual([reqA, reqB].sort());
    });

    it('an uploader finds only their own request of the same file (the other uploader stays invisible)', async () => {
      expect((await findRequestsByDocument(ctx, sha256hex(SAME), a)).items.map((r) => r.id)).toEqual([reqA]);
      expect((await findRequestsByDocument(ctx, sha256hex(SAME), b)).items.map((r) => r.id)).toEqual([reqB]);
    });

    it('an unknown hash finds nothing', async () => {
      expect((await findRequestsByDocument(ctx, sha256hex('never uploaded'), auditor)).items).toEqual([]);
    });

    it('the original downloads byte for byte for the auditor; another uploader gets NOT_FOUND', async () => {
      const doc = await openRequestDocument(ctx, reqA, auditor);
      expect(doc.sha256).toBe(sha256hex(SAME));
      expect((await readAll(doc.stream)).equals(SAME)).toBe(true);
      await expect(openRequestDocument(ctx, reqA, b)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(openRequestDocument(ctx, '00000000-0000-4000-8000-000000000000', auditor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('the operation log labels request and staff ids with their title and name, linked', async () => {
      await recordOperation(ctx, { action: 'document.download', actor: a, target: { type: 'request', id: reqB }, outcome: 'ok', ip: null, userAgent: null });
      const page = await listOperations(ctx, { action: 'document.download', limit: 10 });
      const labels = await targetLabels(ctx, page.operations);
      expect(labels.get(reqB)).toEqual({ label: '租赁合同（Bo）', href: `/requests/${reqB}` });
      expect(labels.get(a.id)).toEqual({ label: 'Ada', href: `/operations?actor=${a.id}` });
    });
  });
}
