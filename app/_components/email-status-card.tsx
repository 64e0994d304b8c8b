import { getTranslations } from 'next-intl/server';

/** Admin: whether Signet sends e-mail at all, said plainly, and how to turn it on. */
export async function EmailStatusCard({ from, pending, failed }: { from: string | null; pending: number; failed: number }) {
  const t = await getTranslations('notifications');
  return (
    <div className="card" data-testid="email-status">
      <div className="cert-status-head">
        <h2 className="card-title">{t('email')}</h2>
        <span className={`badge ${from ? 'badge-signed' : 'badge-expired'}`} data-state={from ? 'on' : 'off'}>
          {from ? t('emailOn') : t('emailOff')}
        </span>
      </div>
      {from ? (
        <p className="muted small">{t('emailOnText', { from })}</p>
      ) : (
        <p className="small">
          {t('emailOffText')} <code>SMTP_URL</code> · <code>MAIL_FROM</code>
        </p>
      )}
      {(pending > 0 || failed > 0) && <p className="small">{t('backlog', { pending, failed })}</p>}
    </div>
  );
}
