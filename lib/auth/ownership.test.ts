import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { EvidenceBundle } from '@/lib/evidence/evidence-format';
import { getEvidence } from '@/lib/evidence/get-evidence';
import { uploadDocument, type DocumentView } from '@/lib/documents/upload-document';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { createSigningRequest, type CreatedSigningRequest } from '@/lib/signing/create-signing-request';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { getSigningRequest } from '@/lib/signing/get-signing-request';
import { listSigningRequests } from '@/lib/signing/list-signing-requests';
import { reissueSigningLink } from '@/lib/signing/reissue-signing-link';
import { watchSigningRequest } from '@/lib/signing/watch-signing-request';
import { createTestContext, sha256hex, TEST_ORIGIN, TEST_RP_ID, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import type { Actor, Role } from './actor';
import { enrolStaff } from './test-support';
import { updateStaffUser } from './users';

type Staff = Extract<Actor, { kind: 'staff' }>;

async function staff(ctx: TestContext, roles: Role[], name: string): Promise<Staff> {
  const { user } = await enrolStaff(ctx, roles, name);
  return { kind: 'staff', id: user.id, name, roles, sessionId: 'test' };
}

async function uploadAs(ctx: TestContext, actor: Actor | undefined, text: string): Promise<DocumentView> {
  const buf = Buffer.from(`%PDF-1.4 ${text}`);
  return uploadDocument(ctx, { body: Readable.from([buf]), fileName: `${text}.pdf`, mediaType: undefined, claimedSha256: sha256hex(buf), declaredLength: buf.length }, actor);
}

async function requestAs(ctx: TestContext, actor: Actor | undefined, documentId: string): Promise<CreatedSigningRequest> {
  return createSigningRequest(ctx, { documentId, title: 'Lease', documentType: 'other', signerName: 'Ada' }, actor);
}

const notFound = { code: 'NOT_FOUND' };

for (const backend of ['pglite', 'postgres'] as const) {
  describe.skipIf(backend === 'postgres' && !testDatabaseUrl())(`ownership on ${backend}`, () => {
    let ctx: TestContext;
    let a: Staff, b: Staff, auditor: Staff, admin: Staff;
    const keyA: Actor = { kind: 'api_key', id: 'key-a', name: 'ci', roles: ['uploader'] };
    let docA: DocumentView;
    let reqA: CreatedSigningRequest, reqB: CreatedSigningRequest, reqKey: CreatedSigningRequest, reqSystem: CreatedSigningRequest;
    let recordA: string;

    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres: backend === 'postgres' });
      [a, b, auditor, admin] = [await staff(ctx, ['uploader'], 'A'), await staff(ctx, ['uploader'], 'B'), await staff(ctx, ['auditor'], 'Aud'), await staff(ctx, ['admin'], 'Adm')];
      docA = await uploadAs(ctx, a, 'a');
      reqA = await requestAs(ctx, a, docA.id);
      reqB = await requestAs(ctx, b, (await uploadAs(ctx, b, 'b')).id);
      reqKey = await requestAs(ctx, keyA, (await uploadAs(ctx, keyA, 'key')).id);
      reqSystem = await requestAs(ctx, undefined, (await uploadAs(ctx, undefined, 'system')).id);
      // A second request of A's, signed, so there is evidence to download.
      const signedReq = await requestAs(ctx, a, docA.id);
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, signedReq.token);
      await finishRegistration(ctx, signedReq.token, auth.register(reg.options.challenge));
      const begin = await beginSigning(ctx, signedReq.token);
      recordA = (await completeSigning(ctx, signedReq.token, auth.assert(begin.options.challenge), { ip: null, userAgent: null })).recordId;
    }, 60_000);
    afterAll(async () => ctx.dispose());

    it('records the owner in the same write as the document and the request; the system owns nothing', async () => {
      const owners = await ctx.db.select().from(schema.resourceOwners);
      const of = (id: string) => owners.filter((o) => o.resourceId === id).map((o) => `${o.ownerKind}:${o.ownerId}`);
      expect(of(docA.id)).toEqual([`staff:${a.id}`]);
      expect(of(reqA.request.id)).toEqual([`staff:${a.id}`]);
      expect(of(reqKey.request.id)).toEqual(['api_key:key-a']);
      expect(of(reqSystem.request.id)).toEqual([]);
    });

    it('lists only the uploader’s own requests', async () => {
      const ids = async (actor: Actor | undefined) => (await listSigningRequests(ctx, {}, actor)).items.map((r) => r.id).sort();
      const pageB = await listSigningRequests(ctx, {}, b);
      expect(pageB.items.map((r) => r.id)).toEqual([reqB.request.id]);
      expect(pageB.nextCursor).toBeNull();
      expect(await ids(a)).not.toContain(reqB.request.id);
      expect((await ids(a)).length).toBe(2);
      expect(await ids(keyA)).toEqual([reqKey.request.id]);
      const all = await ids(undefined);
      expect(all.length).toBe(5);
      expect(await ids(auditor)).toEqual(all);
      expect(await ids(admin)).toEqual(all);
    });

    it('answers 404 NOT_FOUND to B for A’s request — read, watch, re-issue, evidence — and changes nothing', async () => {
      const id = reqA.request.id;
      const [before] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, id));
      const missing = '00000000-0000-4000-8000-000000000000';
      const read = getSigningRequest(ctx, id, b);
      await expect(read).rejects.toMatchObject(notFound);
      // Worded as for an id that does not exist: nothing tells B the request is there.
      const [own, none] = await Promise.all([read.catch((e: Error) => e.message.replace(id, '<id>')), getSigningRequest(ctx, missing, b).catch((e: Error) => e.message.replace(missing, '<id>'))]);
      expect(own).toBe(none);
      await expect(watchSigningRequest(ctx, id, new AbortController().signal, b)).rejects.toMatchObject(notFound);
      await expect(reissueSigningLink(ctx, id, b)).rejects.toMatchObject(notFound);
      await expect(getEvidence(ctx, recordA, b)).rejects.toMatchObject(notFound);
      await expect(getSigningRequest(ctx, reqSystem.request.id, b)).rejects.toMatchObject(notFound);
      const [after] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, id));
      expect(after).toEqual(before);
    });

    it('refuses B a request for A’s document with NOT_FOUND and creates nothing', async () => {
      const count = async () => (await ctx.db.select().from(schema.signingRequests)).length;
      const n = await count();
      await expect(requestAs(ctx, b, docA.id)).rejects.toMatchObject(notFound);
      expect(await count()).toBe(n);
      expect((await ctx.db.select().from(schema.resourceOwners).where(eq(schema.resourceOwners.ownerId, b.id))).length).toBe(2);
    });

    it('lets A read, watch, re-issue and download evidence of their own', async () => {
      expect((await getSigningRequest(ctx, reqA.request.id, a)).id).toBe(reqA.request.id);
      const stream = await watchSigningRequest(ctx, reqA.request.id, AbortSignal.abort(), a);
      expect(stream).toBeInstanceOf(ReadableStream);
      expect((await reissueSigningLink(ctx, reqA.request.id, a)).token).not.toBe(reqA.token);
      expect(((await getEvidence(ctx, recordA, a)) as EvidenceBundle).record.id).toBe(recordA);
    });

    it('auditors and admins read everything; B reads A’s once an admin grants seesAll, and not after it is withdrawn', async () => {
      expect((await getSigningRequest(ctx, reqA.request.id, auditor)).id).toBe(reqA.request.id);
      expect(((await getEvidence(ctx, recordA, auditor)) as EvidenceBundle).record.id).toBe(recordA);
      expect((await getSigningRequest(ctx, reqSystem.request.id, admin)).id).toBe(reqSystem.request.id);
      await updateStaffUser(ctx, b.id, { seesAll: true });
      expect((await getSigningRequest(ctx, reqA.request.id, b)).id).toBe(reqA.request.id);
      expect(((await getEvidence(ctx, recordA, b)) as EvidenceBundle).record.id).toBe(recordA);
      expect((await listSigningRequests(ctx, {}, b)).items).toHaveLength(5);
      await updateStaffUser(ctx, b.id, { seesAll: false });
      await expect(getSigningRequest(ctx, reqA.request.id, b)).rejects.toMatchObject(notFound);
    });
  });
}
