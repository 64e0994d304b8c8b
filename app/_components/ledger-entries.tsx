import { getTranslations } from 'next-intl/server';
import type { RecentLedgerEntry } from '@/lib/audit/recent-entries';
import { getFormat } from './server-format';

/** The newest ledger leaves with their type: signature records and certificate lifecycle events. */
export async function LedgerEntries({ entries }: { entries: RecentLedgerEntry[] }) {
  const t = await getTranslations('ledger');
  const f = await getFormat();
  return (
    <section className="card table-wrap" style={{ marginTop: 16 }}>
      <table className="list" data-testid="ledger-entries">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('type')}</th>
            <th>{t('describes')}</th>
            <th className="hide-sm">{t('logged')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.index} data-kind={e.kind}>
              <td className="mono">{e.index}</td>
              <td>
                {e.kind === 'certificate' ? (
                  <span className={`badge ${e.certificate?.event === 'revoke' ? 'badge-declined' : 'badge-opened'}`}>{t('kindCertificate')}</span>
                ) : e.kind === 'signature' ? (
                  <span className="badge badge-signed">{t('kindSignature')}</span>
                ) : (
                  <span className="badge badge-pending">{e.kind}</span>
                )}
              </td>
              <td>
                {e.certificate ? (
                  <>
                    <div style={{ fontWeight: 600 }}>
                      {t('eventLine', { event: t.has(`event.${e.certificate.event}`) ? t(`event.${e.certificate.event}`) : e.certificate.event, role: t.has(`role.${e.certificate.role}`) ? t(`role.${e.certificate.role}`) : e.certificate.role })}
                    </div>
                    <div className="small muted">{e.certificate.subject}</div>
                  </>
                ) : (
                  <>
                    <div style={{ fontWeight: 600 }}>{e.kind === 'signature' ? t('signatureRecord') : t('entry')}</div>
                    <div className="small muted mono">{e.recordId.slice(0, 8)}…</div>
                  </>
                )}
              </td>
              <td className="hide-sm small">{f.dateTime(e.loggedAt, { withZone: true })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
