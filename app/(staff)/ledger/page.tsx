import { LedgerEntries } from '@/app/_components/ledger-entries';
import { getLedgerOverview } from '@/lib/audit/read-ledger';
import { listRecentLedgerEntries } from '@/lib/audit/recent-entries';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Ledger' };

export default async function LedgerPage() {
  const ctx = await appContext();
  const [ledger, entries] = await Promise.all([getLedgerOverview(ctx), listRecentLedgerEntries(ctx)]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Signing ledger</h1>
          <p className="subtitle">
            {ledger.treeSize} entr{ledger.treeSize === 1 ? 'y' : 'ies'} (signatures and certificate events) in the append-only log <span className="mono">{ledger.origin}</span>
          </p>
        </div>
      </div>
      {ledger.latest ? (
        <>
          <section className="card" data-testid="ledger-checkpoint">
            <h2>Latest checkpoint</h2>
            <dl className="kv">
              <dt>Tree size</dt>
              <dd data-testid="ledger-tree-size">{ledger.latest.treeSize}</dd>
              <dt>Root hash</dt>
              <dd className="mono">{Buffer.from(ledger.latest.rootHash, 'base64url').toString('hex')}</dd>
            </dl>
            <p className="small muted" style={{ marginTop: 16 }}>Signed note, as served at <a href="/api/ledger/checkpoint">/api/ledger/checkpoint</a>:</p>
            <pre className="fingerprint">{ledger.latest.checkpoint}</pre>
          </section>
          <section className="card">
            <h2>Verifier key</h2>
            <p className="small muted">
              Keep this key: <code>npm run verify -- bundle.json --ledger-key &apos;…&apos;</code> checks an evidence bundle&apos;s checkpoint against it.
            </p>
            <div className="fingerprint" data-testid="ledger-key">
              {ledger.verifierKey}
            </div>
          </section>
          {entries.length > 0 ? (
            <>
              <h2 style={{ marginTop: 24 }}>Recent entries</h2>
              <LedgerEntries entries={entries} />
            </>
          ) : null}
        </>
      ) : (
        <section className="card">
          <p className="muted">Nothing has been logged yet (no signature or certificate event), so there is no checkpoint.</p>
        </section>
      )}
    </>
  );
}
