import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDatabaseUrl, TEST_ORIGIN, upload, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { verifyBundle } from '../evidence/verify-countersignature-member';
import { beginSigning } from '../signing/begin-signing';
import { completeSigning } from '../signing/complete-signing';
import { declineSigning } from '../signing/decline-signing';
import { finishRegistration } from '../signing/finish-registration';
import { createBatch } from './create-batch';
import { exportBatchEvidence } from './export-batch-evidence';

const PIXEL_7 = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

async function sign(ctx: TestContext, token: string, auth: SoftAuthenticator, registered: boolean): Promise<void> {
  if (!registered) await finishRegistration(ctx, token, auth.register((await beginSigning(ctx, token)).options.challenge));
  const begin = await beginSigning(ctx, token);
  await completeSigning(ctx, token, auth.assert(begin.options.challenge), { ip: null, userAgent: PIXEL_7 });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

for (const postgres of [false, true]) {
  const backend = postgres && testDatabaseUrl() ? 'PostgreSQL' : 'PGlite';
  describe(`batch evidence ZIP (${backend})`, () => {
    let ctx: TestContext;
    let dir: string;
    beforeAll(async () => {
      ctx = await createTestContext({}, { postgres });
      dir = mkdtempSync(path.join(tmpdir(), 'signet-zip-'));
    });
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await ctx.dispose();
    });

    it('streams one bundle per signed document, in signing order, each passing verifyBundle; declined and waiting ones have none', async () => {
      const titles = ['劳动合同', 'NDA', 'Handbook', 'Bonus / 2026'];
      const docs = await Promise.all(titles.map((t, i) => upload(ctx, `%PDF-1.4 zip ${i} ${Math.random()}`, `zip-${i}.pdf`)));
      const made = await createBatch(ctx, {
        name: 'Evidence',
        signers: [{ name: 'Ada Lovelace', email: 'ada@example.com' }],
        documents: docs.map((d, i) => ({ documentId: d.id, title: titles[i], documentType: 'contract', priority: i === 3 ? 'urgent' : 'normal' })),
      });
      const byTitle = new Map(made.requests.map((r) => [r.request.title, r]));
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
      await sign(ctx, byTitle.get('劳动合同')!.token, auth, false);
      await sign(ctx, byTitle.get('Bonus / 2026')!.token, auth, true);
      await declineSigning(ctx, byTitle.get('NDA')!.token, 'wrong version');

      const exported = await exportBatchEvidence(ctx, made.batch.id);
      expect(exported.fileName).toBe(`signet-batch-${made.batch.id}-evidence.zip`);
      const file = path.join(dir, exported.fileName);
      writeFileSync(file, await readAll(exported.stream));
      execFileSync('unzip', ['-tq', file]);
      const listed = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
      const bonus = byTitle.get('Bonus / 2026')!.request.id;
      const contract = byTitle.get('劳动合同')!.request.id;
      expect(listed).toEqual([`001-Bonus 2026-${bonus}.json`, `002-劳动合同-${contract}.json`]);
      expect(listed).toEqual(exported.entries);
      for (const [i, name] of listed.entries()) {
        const bundle: unknown = JSON.parse(execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' }));
        const report = await verifyBundle(bundle, { documentSha256: [docs[3]!, docs[0]!][i]!.sha256 });
        expect(report.ok, JSON.stringify(report.checks.filter((c) => !c.ok))).toBe(true);
      }
      // And with the offline verifier people run (`npm run verify`), on the bundle as unzipped.
      execFileSync('unzip', ['-q', '-d', dir, file, listed[1]!]);
      execFileSync(path.join('node_modules', '.bin', 'tsx'), ['cli/verify.ts', path.join(dir, listed[1]!)], { encoding: 'utf8' });
    });

    it('answers an empty, valid ZIP for a batch with nothing signed, and NOT_FOUND for an unknown batch', async () => {
      const d = await upload(ctx, `%PDF-1.4 none ${Math.random()}`, 'none.pdf');
      const made = await createBatch(ctx, { name: 'Nothing yet', signers: [{ name: 'Ada Lovelace' }], documents: [{ documentId: d.id, documentType: 'hr' }] });
      const exported = await exportBatchEvidence(ctx, made.batch.id);
      const bytes = await readAll(exported.stream);
      expect(exported.entries).toEqual([]);
      // Only the end of central directory record (APPNOTE 4.3.16): signature 0x06054b50, no entries.
      expect([bytes.length, bytes.readUInt32LE(0), bytes.readUInt16LE(10)]).toEqual([22, 0x06054b50, 0]);
      await expect(exportBatchEvidence(ctx, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
