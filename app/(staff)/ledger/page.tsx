import { getTranslations } from 'next-intl/server';
import { LedgerEntries } from '@/app/_components/ledger-entries';
import { getLedgerOverview } from '@/lib/audit/read-ledger';
import { listRecentLedgerEntries } from '@/lib/audit/recent-entries';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('ledger') };
}

export default async function LedgerPage() {
  const ctx = await appContext();
  const [ledger, entries] = await Promise.all([getLedgerOverview(ctx), listRecentLedgerEntries(ctx)]);
  const t = await getTranslations('ledger');
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle ledger-subtitle">{t.rich('subtitle', { n: ledger.treeSize, origin: ledger.origin, mono: (c) => <span className="mono">{c}</span> })}</p>
        </div>
      </div>
      {ledger.latest ? (
        <>
          <section className="card" data-testid="ledger-checkpoint">
            <h2>{t('checkpoint')}</h2>
            <dl className="kv">
              <dt>{t('treeSize')}</dt>
              <dd data-testid="ledger-tree-size">{ledger.latest.treeSize}</dd>
              <dt>{t('rootHash')}</dt>
              <dd className="mono">{Buffer.from(ledger.latest.rootHash, 'base64url').toString('hex')}</dd>
            </dl>
            <p className="small muted" style={{ marginTop: 16 }}>{t.rich('signedNote', { a: (c) => <a href="/api/ledger/checkpoint">{c}</a> })}</p>
            <pre className="fingerprint">{ledger.latest.checkpoint}</pre>
          </section>
          <section className="card">
            <h2>{t('verifierKey')}</h2>
            <p className="small muted">
              {t.rich('verifierKeyText', { cmd: "npm run verify -- bundle.json --ledger-key '…'", code: (c) => <code>{c}</code> })}
            </p>
            <div className="fingerprint" data-testid="ledger-key">
              {ledger.verifierKey}
            </div>
          </section>
          {entries.length > 0 ? (
            <>
              <h2 style={{ marginTop: 24 }}>{t('recent')}</h2>
              <LedgerEntries entries={entries} />
            </>
          ) : null}
        </>
      ) : (
        <section className="card">
          <p className="muted">{t('empty')}</p>
        </section>
      )}
    </>
  );
}
