import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildBatchApproval, decodeBatchApproval, encodeBatchItem, verifyBatchItem } from './batch-statement';

const meta = { batchId: '11111111-2222-4333-8444-555555555555', signerId: '66666666-7777-4888-8999-aaaaaaaaaaaa', nonce: 'bm9uY2Vub25jZW5vbmNlbm9uY2U', issuedAt: '2026-12-04T05:00:00.000Z' };
const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const items = Array.from({ length: 7 }, (_, i) => ({ requestId: `00000000-0000-4000-8000-00000000000${i}`, documentSha256: hex(`doc ${i}`), title: i === 3 ? '劳动合同：第三版' : `Doc ${i}` }));

describe('batch approval statement', () => {
  it('the challenge is SHA-256 of a canonical, domain-separated statement; every item proves its inclusion', async () => {
    const a = await buildBatchApproval(meta, items);
    const text = new TextDecoder().decode(a.statement);
    expect(text.split('\n')[0]).toBe('signet.batch-approval/v1');
    expect(text).toContain('count:7\n');
    expect(Buffer.from(a.challenge).toString('hex')).toBe(createHash('sha256').update(a.statement).digest('hex'));
    expect(decodeBatchApproval(a.statement)).toMatchObject({ ...meta, count: 7, rootHex: a.rootHex });
    for (const it of a.items) verifyBatchItem(a.statement, it.bytes, it.index, it.path, { documentSha256: it.item.documentSha256 });
    expect(new TextDecoder().decode(a.items[3]!.bytes)).toContain(`title-b64u:${Buffer.from('劳动合同：第三版').toString('base64url')}`);
  });

  it('refuses another document hash, another batch, a wrong index, a forged path, and a non-canonical statement', async () => {
    const a = await buildBatchApproval(meta, items);
    const [x, y] = [a.items[2]!, a.items[5]!];
    expect(() => verifyBatchItem(a.statement, x.bytes, x.index, x.path, { documentSha256: y.item.documentSha256 })).toThrow(/to name document/);
    const other = encodeBatchItem({ ...meta, batchId: '99999999-2222-4333-8444-555555555555' }, x.item);
    expect(() => verifyBatchItem(a.statement, other, x.index, x.path, { documentSha256: x.item.documentSha256 })).toThrow(/approval's batch/);
    expect(() => verifyBatchItem(a.statement, x.bytes, y.index, x.path, { documentSha256: x.item.documentSha256 })).toThrow();
    expect(() => verifyBatchItem(a.statement, x.bytes, x.index, y.path, { documentSha256: x.item.documentSha256 })).toThrow();
    const loose = new TextEncoder().encode(new TextDecoder().decode(a.statement).replace('count:7', 'count:07'));
    expect(decodeBatchApproval(loose)).toBeNull();
    // An approval over one document fewer has another root: an item of the bigger set does not verify.
    const fewer = await buildBatchApproval(meta, items.slice(0, 6));
    expect(() => verifyBatchItem(fewer.statement, a.items[0]!.bytes, 0, a.items[0]!.path, { documentSha256: items[0]!.documentSha256 })).toThrow();
  });
});
