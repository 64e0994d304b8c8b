'use client';

import { useState } from 'react';
import { apiError, OutcomeAlert, postJson, saveBlob, type ToolOutcome } from './certificate-api';

const MIN_PASSWORD = 8;

/** Back up: the public chain (PEM) and the active key as a password-encrypted PKCS#12 (issue 3 §3). */
export function CertificateBackup() {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ToolOutcome | null>(null);

  async function download() {
    setBusy(true);
    setOutcome(null);
    try {
      const res = await postJson('/api/certificates/pkcs12/export', { password });
      if (!res.ok) {
        setOutcome({ kind: 'danger', title: 'Backup refused', detail: await apiError(res) });
        return;
      }
      saveBlob(await res.blob(), 'signet-signing-key.p12');
      setPassword('');
      setOutcome({ kind: 'ok', title: 'Backup downloaded', detail: 'Keep the file and its password apart. Anyone holding both can sign as your organisation.' });
    } catch {
      setOutcome({ kind: 'danger', title: 'Backup failed', detail: 'The server could not be reached.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card cert-tools" data-testid="certificate-backup">
      <h2>Back up</h2>
      <p className="small muted">
        The chain is public: publish it so verifiers can check your records. The PKCS#12 file holds the private signing key, encrypted with the
        password you choose here (AES-256); it restores into Signet or into any tool that reads OpenSSL 3 files.
      </p>
      <div className="cert-actions" style={{ marginBottom: 16 }}>
        <a className="btn btn-secondary" href="/api/certificates/chain" download data-testid="backup-chain">
          Download chain (PEM)
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
            Password for the key file <small>at least {MIN_PASSWORD} characters; Signet does not keep it</small>
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
            {busy ? 'Encrypting…' : 'Download PKCS#12'}
          </button>
        </div>
      </form>
      <OutcomeAlert outcome={outcome} testId="backup-outcome" />
    </section>
  );
}
