import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PDF } from '@libpdf/core';
import { schema } from '@/db/client';
import { createTestContext, TEST_ORIGIN, TEST_RP_ID, uploadAndRequest, type TestContext } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { activeCertificate, fromB64u } from '../certificates/certificate-store';
import { currentCrl } from '../certificates/current-crl';
import { isAppError } from '../errors';
import { signatureEvidence } from '../evidence/signature-evidence';
import { certPem, extractTimestamp, scratchDir } from '../pki/test-support';
import { createLocalPki } from '../pki/create-local-pki';
import { beginSigning } from '../signing/begin-signing';
import { completeSigning } from '../signing/complete-signing';
import { finishRegistration } from '../signing/finish-registration';
import { getSealedPdf } from './get-sealed-pdf';
import { organisationSigner } from './pades-adapters';
import { findSealedPdf } from './sealed-pdf-store';
import { sealRequest } from './seal-request';
import { dssOf, nssWithRoot, run, signaturesOf, signedBytes } from './validators.test-support';

let ctx: TestContext | undefined;
afterEach(async () => {
  await ctx?.dispose();
  ctx = undefined;
});

/** A PDF made by the library, one page of text. */
async function samplePdf(text = 'Service agreement between the parties.'): Promise<Uint8Array> {
  const pdf = PDF.create();
  pdf.addPage().drawText(text, { x: 60, y: 720, size: 14 });
  return pdf.save();
}

async function signedRequest(c: TestContext, bytes: Uint8Array | string): Promise<string> {
  const { token, request } = await uploadAndRequest(c, bytes);
  const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
  const reg = await beginSigning(c, token);
  await finishRegistration(c, token, auth.register(reg.options.challenge));
  const begin = await beginSigning(c, token);
  if (begin.kind !== 'signing') throw new Error('expected a signing challenge');
  await completeSigning(c, token, auth.assert(begin.options.challenge), { ip: null, userAgent: 'vitest' });
  return request.id;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isAppError(e) ? e.code : `not an AppError: ${String(e)}`;
  }
  return 'no error';
}

const opensslTime = (d: Date): string => String(Math.floor(d.getTime() / 1000));

/** Runs every validator over a sealed PDF; returns the number of signatures it carries. */
async function expectValid(c: TestContext, sealed: Uint8Array, options: { priorSignatures?: number } = {}): Promise<void> {
  const root = await activeCertificate(c, 'root');
  const tsaRow = await activeCertificate(c, 'tsa');
  const signing = await activeCertificate(c, 'signing');
  if (!root || !tsaRow || !signing) throw new Error('expected the local PKI');
  const s = nssWithRoot(fromB64u(root.der));
  try {
    const file = s.write('sealed.pdf', sealed);
    s.write('root.pem', certPem(fromB64u(root.der)));
    s.write('tsa.pem', certPem(fromB64u(tsaRow.der)));
    const prior = options.priorSignatures ?? 0;

    // pdfsig: the CAdES signatures valid and trusted, the last (document timestamp) over the whole file.
    const pdfsig = run('pdfsig', ['-nssdir', s.nss, file], s.dir);
    const blocks = pdfsig.out.split(/Signature #\d+:/).slice(1);
    expect(blocks, pdfsig.out).toHaveLength(prior + 2);
    const seal = blocks[prior] ?? '';
    expect(seal).toContain('Signature Type: ETSI.CAdES.detached');
    expect(seal).toContain('Signature Validation: Signature is Valid.');
    expect(seal).toContain('Certificate Validation: Certificate is Trusted.');
    for (const b of blocks.slice(0, prior)) expect(b).toContain('Signature Validation: Signature is Valid.');
    const last = blocks.at(-1) ?? '';
    expect(last).toContain('Signet_DocTimeStamp');
    expect(last).toContain('Total document signed');

    // mutool: the seal's digest verifies (it reports the later DSS/timestamp updates as edits).
    const mutool = run('mutool', ['sign', '-v', file], s.dir);
    expect(mutool.out).toMatch(/The signature is valid/);
    expect(mutool.out).not.toMatch(/signature is not valid|Digest error/i);

    // qpdf: structurally sound.
    const qpdf = run('qpdf', ['--check', file], s.dir);
    expect(qpdf.code, qpdf.out).toBe(0);
    expect(qpdf.out).toContain('No syntax or stream encoding errors found');

    // openssl, each signature over its byte ranges.
    const sigs = signaturesOf(sealed);
    expect(sigs).toHaveLength(prior + 2);
    const cades = sigs[prior];
    const doc = sigs.at(-1);
    if (!cades || !doc) throw new Error('expected the seal and the document timestamp');
    expect(doc.byteRange[2] + doc.byteRange[3]).toBe(sealed.length);
    s.write('seal.p7s', cades.contents);
    s.write('seal.content', signedBytes(sealed, cades));
    const { token, signatureValue } = extractTimestamp(cades.contents);
    s.write('sigts.tsr', token);
    s.write('sigvalue.bin', signatureValue);
    s.write('doc.tsr', doc.contents);
    s.write('doc.content', signedBytes(sealed, doc));

    const genTime = c.clock.now();
    const afterExpiry = new Date(signing.notAfter.getTime() + 86_400_000);
    const cms = (at: Date) =>
      run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'seal.p7s', '-content', 'seal.content', '-CAfile', 'root.pem', '-purpose', 'any', '-attime', opensslTime(at), '-out', '/dev/null'], s.dir);
    const ts = (data: string, tokenFile: string, at: Date) =>
      run('openssl', ['ts', '-verify', '-data', data, '-in', tokenFile, '-token_in', '-CAfile', 'root.pem', '-untrusted', 'tsa.pem', '-attime', opensslTime(at)], s.dir);
    expect(cms(genTime).out).toContain('Verification successful');
    expect(ts('sigvalue.bin', 'sigts.tsr', genTime).out).toContain('Verification: OK');
    expect(ts('doc.content', 'doc.tsr', genTime).out).toContain('Verification: OK');
    // Long-term validation: past the signing certificate's notAfter the CMS alone no longer
    // verifies at that time, but the document timestamp (TSA certificate still valid) does, and
    // it covers the seal, its signature timestamp and the DSS.
    expect(cms(afterExpiry).out).toMatch(/certificate has expired/);
    expect(ts('doc.content', 'doc.tsr', afterExpiry).out).toContain('Verification: OK');

    // The DSS: chain and CRLs, verifying at the signing time (and after expiry at the signing time).
    const dss = dssOf(file, s.dir);
    expect(dss.certs.length).toBeGreaterThanOrEqual(3);
    expect(dss.crls.length).toBeGreaterThanOrEqual(1);
    s.write('crl.der', dss.crls[0] ?? new Uint8Array());
    expect(run('openssl', ['crl', '-inform', 'DER', '-in', 'crl.der', '-out', 'crl.pem'], s.dir).code).toBe(0);
    s.write('signing.pem', certPem(fromB64u(signing.der)));
    const verify = run('openssl', ['verify', '-crl_check', '-CAfile', 'root.pem', '-CRLfile', 'crl.pem', '-attime', opensslTime(genTime), 'signing.pem', 'tsa.pem'], s.dir);
    expect(verify.out).toContain('signing.pem: OK');
    expect(verify.out).toContain('tsa.pem: OK');
  } finally {
    s.remove();
  }
}

describe('sealRequest', () => {
  it('extends a PDF in place (original bytes unchanged) and seals it at PAdES B-LTA; every validator accepts it', async () => {
    ctx = await createTestContext();
    const original = await samplePdf();
    const requestId = await signedRequest(ctx, original);
    const row = await sealRequest(ctx, requestId);
    expect(row).toMatchObject({ status: 'sealed', kind: 'in-place', fallback: null, signatures: 1, attempts: 1 });
    const { bytes } = await getSealedPdf(ctx, requestId);
    expect(Buffer.from(bytes.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    await expectValid(ctx, bytes);

    // The signature page renders, with the title and the fingerprint; the evidence is attached.
    const loaded = await PDF.load(bytes);
    expect(loaded.getPageCount()).toBe(2);
    const [record] = await ctx.db.select().from(schema.signatureRecords).where(eq(schema.signatureRecords.requestId, requestId));
    if (!record) throw new Error('expected the record');
    const names = [...(loaded.getAttachments?.().keys?.() ?? [])];
    expect(names.join(',')).toContain(`evidence-1-${record.id}.json`);
    const s = scratchDir();
    try {
      s.write('sealed.pdf', bytes);
      const text = run('pdftotext', ['-f', '2', '-l', '2', 'sealed.pdf', '-'], s.dir).out;
      expect(text).toContain('Service agreement');
      expect(text).toContain('签署证书');
      expect(text.replace(/\s/g, '')).toContain((await signatureEvidence(ctx, record.id)).record.document.sha256);
      const detach = run('qpdf', ['--show-attachment=' + `evidence-1-${record.id}.json`, 'sealed.pdf'], s.dir);
      expect(JSON.parse(detach.out)).toMatchObject({ version: 'signet.evidence/v1', record: { id: record.id } });
    } finally {
      s.remove();
    }
  }, 120_000);

  it('seals a non-PDF document as a certificate PDF carrying the original file byte-exact', async () => {
    ctx = await createTestContext();
    const original = 'name,amount\nAda,42\n';
    const requestId = await signedRequest(ctx, original);
    const row = await sealRequest(ctx, requestId);
    expect(row).toMatchObject({ status: 'sealed', kind: 'certificate', fallback: null });
    const { bytes } = await getSealedPdf(ctx, requestId);
    await expectValid(ctx, bytes);
    const s = scratchDir();
    try {
      s.write('sealed.pdf', bytes);
      expect(run('qpdf', ['--show-attachment=contract.pdf', 'sealed.pdf'], s.dir).out).toBe(original);
    } finally {
      s.remove();
    }
  }, 120_000);

  it('keeps the signatures a PDF already carries valid', async () => {
    ctx = await createTestContext();
    const other = await createLocalPki({ organizationName: 'Counterparty', now: ctx.clock.now() });
    const pdf = await PDF.load(await samplePdf('Signed by the counterparty first.'));
    const presigned = (await pdf.sign({ signer: organisationSigner(other.organization.certificate, [other.root.certificate], other.organization.privateKey), signingTime: ctx.clock.now() })).bytes;
    const requestId = await signedRequest(ctx, presigned);
    expect(await sealRequest(ctx, requestId)).toMatchObject({ kind: 'in-place' });
    const { bytes } = await getSealedPdf(ctx, requestId);
    await expectValid(ctx, bytes, { priorSignatures: 1 });
  }, 120_000);

  it('seals an encrypted PDF as a certificate PDF (PDF_ENCRYPTED), the original attached unchanged', async () => {
    ctx = await createTestContext();
    const s = scratchDir();
    let encrypted: Uint8Array;
    try {
      s.write('plain.pdf', await samplePdf());
      const enc = run('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', 'plain.pdf', 'enc.pdf'], s.dir);
      expect(enc.code, enc.out).toBe(0);
      encrypted = new Uint8Array(readFileSync(path.join(s.dir, 'enc.pdf')));
    } finally {
      s.remove();
    }
    const requestId = await signedRequest(ctx, encrypted);
    expect(await sealRequest(ctx, requestId)).toMatchObject({ status: 'sealed', kind: 'certificate', fallback: 'PDF_ENCRYPTED' });
    await expectValid(ctx, (await getSealedPdf(ctx, requestId)).bytes);
  }, 120_000);

  it('falls back to the certificate PDF for a malformed PDF the library reads only by recovery', async () => {
    ctx = await createTestContext();
    const good = Buffer.from(await samplePdf()).toString('latin1');
    // A wrong startxref offset: readers recover by scanning; appending to it is not safe.
    const broken = new Uint8Array(Buffer.from(good.replace(/startxref\s+\d+/, 'startxref\n999999'), 'latin1'));
    const requestId = await signedRequest(ctx, broken);
    const row = await sealRequest(ctx, requestId);
    expect(row.kind).toBe('certificate');
    expect(row.fallback).toMatch(/^PDF_(UNREADABLE|NOT_INCREMENTAL)$/);
    await expectValid(ctx, (await getSealedPdf(ctx, requestId)).bytes);
  }, 120_000);

  it('TSA down: TSA_UNAVAILABLE recorded, the request stays signed with its evidence, and the next download seals', async () => {
    ctx = await createTestContext();
    const requestId = await signedRequest(ctx, await samplePdf());
    const config = ctx.config as { tsaUrl: string | undefined };
    config.tsaUrl = 'http://127.0.0.1:9/tsr';
    expect(await refusal(sealRequest(ctx, requestId))).toBe('TSA_UNAVAILABLE');
    expect(await findSealedPdf(ctx, requestId)).toMatchObject({ status: 'failed', errorCode: 'TSA_UNAVAILABLE', sha256: null, attempts: 1 });
    const [request] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, requestId));
    expect(request?.status).toBe('signed');
    const [record] = await ctx.db.select().from(schema.signatureRecords).where(eq(schema.signatureRecords.requestId, requestId));
    expect((await signatureEvidence(ctx, record?.id ?? '')).record.requestId).toBe(requestId);
    expect(await refusal(getSealedPdf(ctx, requestId))).toBe('TSA_UNAVAILABLE');

    config.tsaUrl = undefined;
    const { bytes } = await getSealedPdf(ctx, requestId);
    expect(await findSealedPdf(ctx, requestId)).toMatchObject({ status: 'sealed', errorCode: null, attempts: 3 });
    await expectValid(ctx, bytes);
  }, 120_000);

  it('refuses to seal with a revoked organisation certificate (CERT_REVOKED), recording nothing sealed', async () => {
    ctx = await createTestContext();
    const requestId = await signedRequest(ctx, await samplePdf());
    const signing = await activeCertificate(ctx, 'signing');
    await ctx.db.update(schema.certificates).set({ revokedAt: ctx.clock.now(), revocationReason: 'key compromise' }).where(eq(schema.certificates.id, signing?.id ?? ''));
    expect(await refusal(sealRequest(ctx, requestId))).toBe('CERT_REVOKED');
    expect(await findSealedPdf(ctx, requestId)).toMatchObject({ status: 'failed', errorCode: 'CERT_REVOKED' });
  }, 120_000);
});

describe('currentCrl', () => {
  it('lists revoked certificates of the local CA; openssl verifies it against the root and sees the revocation', async () => {
    ctx = await createTestContext();
    await signedRequest(ctx, 'x');
    const root = await activeCertificate(ctx, 'root');
    const signing = await activeCertificate(ctx, 'signing');
    if (!root || !signing) throw new Error('expected the local PKI');
    const s = scratchDir();
    try {
      s.write('root.pem', certPem(fromB64u(root.der)));
      s.write('signing.pem', certPem(fromB64u(signing.der)));
      expect(run('openssl', ['x509', '-in', 'signing.pem', '-noout', '-ext', 'crlDistributionPoints'], s.dir).out).toContain(`${TEST_ORIGIN}/api/pki/crl/${root.fingerprint}.crl`);
      s.write('before.der', await currentCrl(ctx, root.fingerprint));
      expect(run('openssl', ['crl', '-inform', 'DER', '-in', 'before.der', '-CAfile', 'root.pem', '-noout'], s.dir).out).toContain('verify OK');
      await ctx.db.update(schema.certificates).set({ revokedAt: ctx.clock.now(), revocationReason: 'test' }).where(eq(schema.certificates.id, signing.id));
      s.write('after.der', await currentCrl(ctx, root.fingerprint));
      const text = run('openssl', ['crl', '-inform', 'DER', '-in', 'after.der', '-noout', '-text'], s.dir).out;
      expect(text.toLowerCase().replace(/:/g, '')).toContain(signing.serial);
      run('openssl', ['crl', '-inform', 'DER', '-in', 'after.der', '-out', 'after.pem'], s.dir);
      expect(run('openssl', ['verify', '-crl_check', '-CAfile', 'root.pem', '-CRLfile', 'after.pem', 'signing.pem'], s.dir).out).toContain('certificate revoked');
    } finally {
      s.remove();
    }
    expect(await refusal(currentCrl(ctx, 'f'.repeat(64)))).toBe('NOT_FOUND');
  }, 60_000);
});
