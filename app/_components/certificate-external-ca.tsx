'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiError, fileBase64, OutcomeAlert, postJson, saveBlob, type ToolOutcome } from './certificate-api';
import { useFormat } from './use-format';

type Tool = 'csr' | 'chain' | 'pkcs12';

/**
 * Renewal with a public or corporate CA: (b) create a CSR for a new Signet key, then
 * import the chain the CA issued for it; (c) import a PKCS#12 file. Each import is checked by the
 * server (key match, chain to a root, signing usage, validity) and activated only if it passes.
 */
export function CertificateExternalCa({ activeId }: { activeId: string | null }) {
  const router = useRouter();
  const t = useTranslations('certs');
  const f = useFormat();
  const [busy, setBusy] = useState<Tool | null>(null);
  const [outcome, setOutcome] = useState<ToolOutcome | null>(null);
  const [requestId, setRequestId] = useState('');
  const [pem, setPem] = useState('');
  const [p12, setP12] = useState<File | null>(null);
  const [p12Password, setP12Password] = useState('');
  const expected = activeId ? { expectedActiveId: activeId } : {};

  async function run(tool: Tool, fn: () => Promise<ToolOutcome>) {
    setBusy(tool);
    setOutcome(null);
    try {
      setOutcome(await fn());
    } catch {
      setOutcome({ kind: 'danger', title: t('requestFailed'), detail: t('unreachable') });
    } finally {
      setBusy(null);
    }
  }

  const createCsr = () =>
    run('csr', async () => {
      const res = await postJson('/api/certificates/csr', {});
      if (!res.ok) return { kind: 'danger', title: t('csrRefused'), code: await apiError(res) };
      const data = (await res.json()) as { id: string; csrPem: string };
      setRequestId(data.id);
      saveBlob(new Blob([data.csrPem], { type: 'application/pkcs10' }), `signet-${data.id.slice(0, 8)}.csr`);
      return { kind: 'ok', title: t('csrDone'), detail: t('csrDoneText', { id: data.id }) };
    });

  const activated = async (res: Response, failTitle: string): Promise<ToolOutcome> => {
    if (!res.ok) return { kind: 'danger', title: failTitle, code: await apiError(res) };
    const data = (await res.json()) as { subject?: string; notAfter?: string };
    router.refresh();
    return { kind: 'ok', title: t('activated'), detail: t('activatedText', { subject: data.subject ?? '', when: f.dateTime(String(data.notAfter), { withZone: true }) }) };
  };

  const importChain = () =>
    run('chain', async () => {
      const res = await postJson(`/api/certificates/csr/${encodeURIComponent(requestId.trim())}/chain`, { pem, ...expected });
      const result = await activated(res, t('chainRefused'));
      if (result.kind === 'ok') setPem('');
      return result;
    });

  const importP12 = () =>
    run('pkcs12', async () => {
      if (!p12) return { kind: 'danger', title: t('noFile'), detail: t('noFileText') };
      const res = await postJson('/api/certificates/pkcs12', { p12: await fileBase64(p12), password: p12Password, ...expected });
      const result = await activated(res, t('p12Refused'));
      if (result.kind === 'ok') setP12Password('');
      return result;
    });

  const readPemFile = async (file: File | undefined) => {
    if (file) setPem(await file.text());
  };

  return (
    <section className="card cert-tools" data-testid="certificate-external-ca">
      <h2>{t('externalTitle')}</h2>
      <p className="small muted">{t('externalText')}</p>

      <div className="cert-tool">
        <h3>{t('csrTitle')}</h3>
        <p className="small muted">{t('csrText')}</p>
        <button className="btn btn-secondary" onClick={() => void createCsr()} disabled={busy !== null} data-testid="create-csr">
          {busy === 'csr' ? t('creating') : t('createCsr')}
        </button>
      </div>

      <form
        className="cert-tool"
        onSubmit={(e) => {
          e.preventDefault();
          void importChain();
        }}
      >
        <h3>{t('chainTitle')}</h3>
        <label className="field">
          <span>{t('requestId')}</span>
          <input type="text" className="mono" value={requestId} onChange={(e) => setRequestId(e.target.value)} placeholder={t('requestIdPlaceholder')} required data-testid="chain-request-id" />
        </label>
        <label className="field">
          <span>
            {t('chainPem')} <small>{t('chainPemHint')}</small>
          </span>
          <textarea className="mono" rows={5} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" required data-testid="chain-pem" />
        </label>
        <div className="cert-actions">
          <input type="file" accept=".pem,.crt,.cer,.txt" onChange={(e) => void readPemFile(e.target.files?.[0])} aria-label={t('chainFile')} />
          <button className="btn btn-primary" type="submit" disabled={busy !== null || !requestId.trim() || !pem.trim()} data-testid="import-chain">
            {busy === 'chain' ? t('checking') : t('importChain')}
          </button>
        </div>
      </form>

      <form
        className="cert-tool"
        onSubmit={(e) => {
          e.preventDefault();
          void importP12();
        }}
      >
        <h3>{t('p12Title')}</h3>
        <div className="field-row">
          <label className="field">
            <span>{t('p12File')}</span>
            <input type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setP12(e.target.files?.[0] ?? null)} required data-testid="pkcs12-file" />
          </label>
          <label className="field">
            <span>{t('password')}</span>
            <input type="password" autoComplete="off" value={p12Password} onChange={(e) => setP12Password(e.target.value)} maxLength={1000} data-testid="pkcs12-password" />
          </label>
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy !== null || !p12} data-testid="import-pkcs12">
          {busy === 'pkcs12' ? t('checking') : t('importP12')}
        </button>
      </form>
      <OutcomeAlert outcome={outcome} testId="external-ca-outcome" />
    </section>
  );
}
