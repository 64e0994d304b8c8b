'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';

/**
 * The Admin page's organisation card: rename the organisation. Passkey prompts use the new name at
 * once; the certificate keeps its subject until the next one is issued, and the card says so.
 */
export function OrganizationCard({ name, fromEnvironment, certificateSubject }: { name: string; fromEnvironment: boolean; certificateSubject: string | null }) {
  const t = useTranslations('organization');
  const router = useRouter();
  const explain = useExplain();
  const [value, setValue] = useState(name);
  const [error, setError] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);
  const changed = value.trim() !== name;
  return (
    <div className="card" id="organization" data-testid="organization-card">
      <h2 className="card-title">{t('title')}</h2>
      <p className="muted small">{fromEnvironment ? t('fromEnvironment') : t('fromSetting')}</p>
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          setSaved(false);
          try {
            await apiJson('/api/admin/organization', { method: 'PUT', body: JSON.stringify({ name: value }) });
            setSaved(true);
            router.refresh();
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        <ProblemAlert problem={error} />
        <label className="field">
          <span>{t('name')}</span>
          <input type="text" id="organization-name" required maxLength={64} value={value} onChange={(e) => (setValue(e.target.value), setSaved(false))} />
        </label>
        <p className="small muted" style={{ margin: 0 }}>
          {t('applies')}
          {certificateSubject && (
            <>
              {' '}
              {t('currentCertificate')} <span className="mono">{certificateSubject}</span>
            </>
          )}{' '}
          <Link href="/certificates">{t('toCertificates')}</Link>
        </p>
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={!changed} data-testid="save-organization">
            {t('save')}
          </button>
          {saved && (
            <span className="small" role="status" data-testid="organization-saved">
              {t('saved')}
            </span>
          )}
        </div>
      </form>
    </div>
  );
}
