import type { RecentLedgerEntry } from '@/lib/audit/recent-entries';
import { formatDateTime } from './format';

const EVENT: Record<string, string> = { issue: 'Issued', activate: 'Activated', revoke: 'Revoked' };
const ROLE: Record<string, string> = { root: 'Root CA', signing: 'Signing certificate', tsa: 'Timestamp (TSA) certificate' };

/** The newest ledger leaves with their type: signature records and certificate lifecycle events. */
export function LedgerEntries({ entries }: { entries: RecentLedgerEntry[] }) {
  return (
    <section className="card table-wrap" style={{ marginTop: 16 }}>
      <table className="list" data-testid="ledger-entries">
        <thead>
          <tr>
            <th>#</th>
            <th>Type</th>
            <th>Describes</th>
            <th className="hide-sm">Logged</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.index} data-kind={e.kind}>
              <td className="mono">{e.index}</td>
              <td>
                {e.kind === 'certificate' ? (
                  <span className={`badge ${e.certificate?.event === 'revoke' ? 'badge-declined' : 'badge-opened'}`}>Certificate</span>
                ) : e.kind === 'signature' ? (
                  <span className="badge badge-signed">Signature</span>
                ) : (
                  <span className="badge badge-pending">{e.kind}</span>
                )}
              </td>
              <td>
                {e.certificate ? (
                  <>
                    <div style={{ fontWeight: 600 }}>
                      {EVENT[e.certificate.event] ?? e.certificate.event}: {ROLE[e.certificate.role] ?? e.certificate.role}
                    </div>
                    <div className="small muted">{e.certificate.subject}</div>
                  </>
                ) : (
                  <>
                    <div style={{ fontWeight: 600 }}>{e.kind === 'signature' ? 'Signature record' : 'Entry'}</div>
                    <div className="small muted mono">{e.recordId.slice(0, 8)}…</div>
                  </>
                )}
              </td>
              <td className="hide-sm small">{formatDateTime(e.loggedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
