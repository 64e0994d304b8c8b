'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { CertificateOwner } from '@/lib/notifications/certificate-owners';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';

/** Certificates page: who is responsible for the organisation certificate (they get the reminders by e-mail). */
export function CertificateOwners({ owners, mailOn }: { owners: CertificateOwner[]; mailOn: boolean }) {
  const router = useRouter();
  const t = useTranslations('notifications');
  const explain = useExplain();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      router.refresh();
    } catch (err) {
      setError(explain(err));
    }
  };
  return (
    <section className="card" data-testid="certificate-owners">
      <h2 className="card-title">{t('ownersTitle')}</h2>
      <p className="muted small">{mailOn ? t('ownersHint') : t('ownersMailOff')}</p>
      {owners.length === 0 && (
        <div className="alert alert-warn" role="status" data-testid="no-owner">
          {t('noOwner')}
        </div>
      )}
      {owners.length > 0 && (
        <ul className="webhook-list" style={{ marginBottom: 12 }}>
          {owners.map((o) => (
            <li key={o.email} className="webhook-item">
              <div className="webhook-head">
                <div style={{ minWidth: 0 }}>
                  <div style={{ fontWeight: 600 }}>{o.name}</div>
                  <div className="muted small webhook-url">{o.email}</div>
                </div>
                <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => act(() => apiJson(`/api/certificates/owners/${encodeURIComponent(o.email)}`, { method: 'DELETE' }))}>
                  {t('remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await apiJson('/api/certificates/owners', { method: 'POST', body: JSON.stringify({ name, email }) });
            setName('');
            setEmail('');
          });
        }}
      >
        <ProblemAlert problem={error} />
        <div className="field-row">
          <label className="field">
            <span>{t('ownerName')}</span>
            <input type="text" id="owner-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('emailLabel')}</span>
            <input type="email" id="owner-email" required maxLength={254} value={email} onChange={(e) => setEmail(e.target.value)} placeholder="pki@example.com" />
          </label>
        </div>
        <div>
          <button type="submit" className="btn btn-secondary">
            {t('addOwner')}
          </button>
        </div>
      </form>
    </section>
  );
}
