'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { apiJson } from './hash-file';

type Failure = { key: 'checkpointHttp'; status: number } | { key: 'checkpointFormat' } | { key: 'proofWrong'; treeSize: number } | { key: 'network' };
type Check = { state: 'checking' } | { state: 'included'; treeSize: number; root: string } | { state: 'failed'; failure: Failure };

const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/**
 * RFC 9162 §2.1.3.2 in the browser (lib/ledger/verify-inclusion.ts is the reference, on
 * node:crypto): does `proof` lead from the leaf to `root` at `treeSize`?
 */
async function leadsToRoot(leaf: Uint8Array, index: number, treeSize: number, proof: Uint8Array[], root: Uint8Array): Promise<boolean> {
  if (index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = await sha256(Uint8Array.of(0x00), leaf);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(Uint8Array.of(0x01), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(Uint8Array.of(0x01), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.length === root.length && r.every((b, i) => b === root[i]);
}

/** Checks the entry against the latest checkpoint the server publishes: on mount and every 15 s. */
async function checkInclusion(index: number): Promise<Check> {
  const res = await fetch('/api/ledger/checkpoint', { cache: 'no-store' });
  if (!res.ok) return { state: 'failed', failure: { key: 'checkpointHttp', status: res.status } };
  const [, sizeLine, rootLine] = (await res.text()).split('\n');
  const treeSize = Number(sizeLine);
  if (!Number.isSafeInteger(treeSize) || !rootLine) return { state: 'failed', failure: { key: 'checkpointFormat' } };
  const entry = await apiJson<{ data: string }>(`/api/ledger/entries/${index}`);
  const proof = await apiJson<{ hashes: string[] }>(`/api/ledger/proof/inclusion?index=${index}&treeSize=${treeSize}`);
  const ok = await leadsToRoot(fromBase64(entry.data), index, treeSize, proof.hashes.map(fromBase64), fromBase64(rootLine));
  return ok ? { state: 'included', treeSize, root: rootLine } : { state: 'failed', failure: { key: 'proofWrong', treeSize } };
}

/** The signed panel's ledger line: entry number and a live "included in checkpoint N" check. */
export function LedgerInclusion({ index }: { index: number }) {
  const [check, setCheck] = useState<Check>({ state: 'checking' });
  const t = useTranslations('ledger');
  useEffect(() => {
    let stopped = false;
    const run = () =>
      checkInclusion(index).then(
        (c) => !stopped && setCheck(c),
        () => !stopped && setCheck({ state: 'failed', failure: { key: 'network' } }),
      );
    void run();
    const timer = setInterval(run, 15_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [index]);

  return (
    <div className="small" style={{ marginTop: 12 }} data-testid="ledger-inclusion">
      <div>
        {t('entryNumber')} <span className="mono">#{index}</span>
      </div>
      {check.state === 'checking' && <div className="muted">{t('checking')}</div>}
      {check.state === 'included' && (
        <div className="badge badge-signed" title={t('rootTitle', { root: check.root })} data-testid="ledger-included">
          {t('included', { n: check.treeSize })}
        </div>
      )}
      {check.state === 'failed' && (
        <div className="alert alert-danger" role="alert" style={{ marginTop: 6 }}>
          {t('notIncluded')} {t(`failure.${check.failure.key}`, { status: 'status' in check.failure ? check.failure.status : 0, n: 'treeSize' in check.failure ? check.failure.treeSize : 0 })}
        </div>
      )}
    </div>
  );
}
