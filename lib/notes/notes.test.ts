import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import type { Actor, Role } from '@/lib/auth/actor';
import { enrolStaff } from '@/lib/auth/test-support';
import { uploadDocument } from '@/lib/documents/upload-document';
import { createSigningRequest } from '@/lib/signing/create-signing-request';
import { createTestContext, sha256hex, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { addNote } from './add-note';
import { listNotes } from './list-notes';

type Staff = Extract<Actor, { kind: 'staff' }>;

async function staff(ctx: TestContext, roles: Role[], name: string): Promise<Staff> {
  const { user } = await enrolStaff(ctx, roles, name);
  return { kind: 'staff', id: user.id, name, roles, sessionId: 'test' };
}

async function requestAs(ctx: TestContext, actor: Actor, text: string): Promise<string> {
  const buf = Buffer.from(`%PDF-1.4 ${text}`);
  const doc = await uploadDocument(ctx, { body: Readable.from([buf]), fileName: `${text}.pdf`, mediaType: undefined, claimedSha256: sha256hex(buf), declaredLength: buf.length }, actor);
  return (await createSigningRequest(ctx, { documentId: doc.id, title: 'Lease', documentType: 'other', signerName: 'Ada' }, actor)).request.id;
}

for (const backend of ['pglite', 'postgres'] as const) {
  describe.skipIf(backend === 'postgres' && !testDatabaseUrl())(`request notes on ${backend}`, () => {
    let ctx: TestContext;
    let a: Staff, b: Staff, auditor: Staff;
    let reqA: string, reqB: string;
    const count = async () => (await ctx.db.select().from(schema.requestNotes)).length;

    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres: backend === 'postgres' });
      [a, b, auditor] = [await staff(ctx, ['uploader'], 'A'), await staff(ctx, ['uploader'], 'B'), await staff(ctx, ['auditor'], 'Aud')];
      reqA = await requestAs(ctx, a, 'a');
      reqB = await requestAs(ctx, b, 'b');
    }, 60_000);
    afterAll(async () => ctx.dispose());

    it('adds notes with their author and lists them oldest first, stored exactly as sent', async () => {
      const first = await addNote(ctx, reqA, 'Checked the ID  <b>in person</b>', auditor);
      ctx.clock.advance(1000);
      const second = await addNote(ctx, reqA, 'Sent a reminder', a);
      expect(first).toMatchObject({ requestId: reqA, author: { kind: 'staff', id: auditor.id, name: 'Aud' }, body: 'Checked the ID  <b>in person</b>' });
      const { items } = await listNotes(ctx, reqA, auditor);
      expect(items.map((n) => n.id)).toEqual([first.id, second.id]);
      expect(items[1]).toMatchObject({ author: { kind: 'staff', id: a.id, name: 'A' }, body: 'Sent a reminder' });
      expect((await listNotes(ctx, reqB, auditor)).items).toEqual([]);
    });

    it('accepts exactly 2000 characters', async () => {
      const note = await addNote(ctx, reqB, 'x'.repeat(2000), auditor);
      expect(note.body).toHaveLength(2000);
    });

    it.each([
      ['empty', ''],
      ['blank', ' \n\t '],
      ['too long', 'x'.repeat(2001)],
    ])('refuses a %s body with VALIDATION_FAILED and stores nothing', async (_label, body) => {
      const before = await count();
      await expect(addNote(ctx, reqA, body, auditor)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await count()).toBe(before);
    });

    it('answers NOT_FOUND to a plain uploader on someone else’s request, for add and list, and stores nothing', async () => {
      const before = await count();
      await expect(addNote(ctx, reqA, 'snooping', b)).rejects.toMatchObject({ code: 'NOT_FOUND', message: `expected an existing signing request id, got "${reqA}"` });
      await expect(listNotes(ctx, reqA, b)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await count()).toBe(before);
      expect((await listNotes(ctx, reqB, b)).items).toHaveLength(1);
    });

    it('answers NOT_FOUND for a request that does not exist, even to an auditor', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const before = await count();
      await expect(addNote(ctx, missing, 'hello', auditor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(listNotes(ctx, missing, auditor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await count()).toBe(before);
    });
  });
}
