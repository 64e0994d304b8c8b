'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { apiError, OutcomeAlert, postJson, saveBlob, type ToolOutcome } from './certificate-api';

const MIN_PASSWORD = 8;

/** Back up: the public chain (PEM) and the active key as a password-encrypted PKCS#12. */
export function CertificateBackup() {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ToolOutcome | null>(null);
  const t = useTranslations('certs');

  async function download() {
    setBusy(true);
    setOutcome(null);
    try {
      const res = await postJson('/api/certificates/pkcs12/export', { password });
      if (!res.ok) {
        setOutcome({ kind: 'danger', title: t('backupRefused'), code: await apiError(res) });
        return;
      }
      saveBlob(await res.blob(), 'signet-signing-key.p12');
      setPassword('');
      setOutcome({ kind: 'ok', title: t('backupDone'), detail: t('backupDoneText') });
    } catch {
      setOutcome({ kind: 'danger', title: t('backupFailed'), detail: t('unreachable') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card cert-tools" data-testid="certificate-backup">
      <h2>{t('backupTitle')}</h2>
      <p className="small muted">{t('backupText')}</p>
      <div className="cert-actions" style={{ marginBottom: 16 }}>
        <a className="btn btn-secondary" href="/api/certificates/chain" download data-testid="backup-chain">
          {t('downloadChain')}
        </a>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void download();
        }}
      >
        <label className="field" htmlFor="backup-password" style={{ marginBottom: 0 }}>
          <span>
            {t('backupPassword')} <small>{t('backupPasswordHint', { n: MIN_PASSWORD })}</small>
          </span>
        </label>
        <div className="cert-actions">
          <input
            id="backup-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            minLength={MIN_PASSWORD}
            maxLength={1000}
            required
            data-testid="backup-password"
          />
          <button className="btn btn-primary" type="submit" disabled={busy || password.length < MIN_PASSWORD} data-testid="backup-pkcs12">
            {busy ? t('encrypting') : t('downloadP12')}
          </button>
        </div>
      </form>
      <OutcomeAlert outcome={outcome} testId="backup-outcome" />
    </section>
  );
}
