import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '@/db/client';
import { createTestContext, testDatabaseUrl, type TestContext } from '@/test/support/context';
import { certificateKey, fromB64u } from './certificate-store';
import { bootstrap, ensurePki } from './ensure-pki';
import { certificateMatchesKey, parseCertificate } from '../pki/crypto';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

describe('ensurePki (first-start bootstrap)', () => {
  it('creates root, signing and TSA certificates once, with encrypted keys that match', async () => {
    ctx = await createTestContext({ ORGANIZATION_NAME: 'Acme GmbH', CERT_VALIDITY_DAYS: '90' });
    const first = await ensurePki(ctx);
    expect(first.created).toBe(true);
    const rows = await ctx.db.select().from(schema.certificates);
    expect(rows.map((r) => r.role).sort()).toEqual(['root', 'signing', 'tsa']);
    const signing = rows.find((r) => r.role === 'signing')!;
    expect(signing.subject).toContain('CN=Acme GmbH');
    expect(signing.notAfter.getTime() - signing.notBefore.getTime()).toBe(90 * 86_400_000);
    expect(signing.encryptedKey).not.toBeNull();
    const key = await certificateKey(ctx, signing);
    expect(certificateMatchesKey(parseCertificate(fromB64u(signing.der)), key)).toBe(true);
    // The stored blob is not the PKCS#8 key itself.
    expect(Buffer.from(fromB64u(signing.encryptedKey!)).includes(Buffer.from(key))).toBe(false);
    const again = await bootstrap(ctx);
    expect(again.created).toBe(false);
    expect(await ctx.db.select().from(schema.certificates)).toHaveLength(3);
  });

  it('two concurrent bootstraps make exactly one PKI (PGlite)', async () => {
    ctx = await createTestContext();
    const results = await Promise.all([bootstrap(ctx), bootstrap(ctx), bootstrap(ctx)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.signing.id)).size).toBe(1);
    expect(await ctx.db.select().from(schema.certificates)).toHaveLength(3);
  });

  it.runIf(testDatabaseUrl())('two instances starting at once make exactly one PKI (PostgreSQL)', async () => {
    ctx = await createTestContext({}, { postgres: true });
    const other = await ctx.openInstance();
    const third = await ctx.openInstance();
    const results = await Promise.all([bootstrap(ctx), bootstrap(other), bootstrap(third)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.signing.id)).size).toBe(1);
    expect(await ctx.db.select().from(schema.certificates)).toHaveLength(3);
  });
});
