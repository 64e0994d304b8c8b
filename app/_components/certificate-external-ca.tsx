'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiError, fileBase64, OutcomeAlert, postJson, saveBlob, type ToolOutcome } from './certificate-api';

type Tool = 'csr' | 'chain' | 'pkcs12';

/**
 * Renewal with a public or corporate CA (issue 3 §3): (b) create a CSR for a new Signet key, then
 * import the chain the CA issued for it; (c) import a PKCS#12 file. Each import is checked by the
 * server (key match, chain to a root, signing usage, validity) and activated only if it passes.
 */
export function CertificateExternalCa({ activeId }: { activeId: string | null }) {
  const router = useRouter();
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
      setOutcome({ kind: 'danger', title: 'Request failed', detail: 'The server could not be reached.' });
    } finally {
      setBusy(null);
    }
  }

  const createCsr = () =>
    run('csr', async () => {
      const res = await postJson('/api/certificates/csr', {});
      if (!res.ok) return { kind: 'danger', title: 'CSR not created', detail: await apiError(res) };
      const data = (await res.json()) as { id: string; csrPem: string };
      setRequestId(data.id);
      saveBlob(new Blob([data.csrPem], { type: 'application/pkcs10' }), `signet-${data.id.slice(0, 8)}.csr`);
      return { kind: 'ok', title: 'CSR downloaded', detail: `Send it to your CA. When it issues the certificate, paste the chain below (request ${data.id}).` };
    });

  const activated = async (res: Response, failTitle: string): Promise<ToolOutcome> => {
    if (!res.ok) return { kind: 'danger', title: failTitle, detail: await apiError(res) };
    const data = (await res.json()) as { subject?: string; notAfter?: string };
    router.refresh();
    return { kind: 'ok', title: 'New certificate active', detail: `${data.subject ?? 'The certificate'} now signs, valid until ${new Date(String(data.notAfter)).toUTCString()}.` };
  };

  const importChain = () =>
    run('chain', async () => {
      const res = await postJson(`/api/certificates/csr/${encodeURIComponent(requestId.trim())}/chain`, { pem, ...expected });
      const result = await activated(res, 'Chain refused');
      if (result.kind === 'ok') setPem('');
      return result;
    });

  const importP12 = () =>
    run('pkcs12', async () => {
      if (!p12) return { kind: 'danger', title: 'No file', detail: 'Choose a .p12 or .pfx file first.' };
      const res = await postJson('/api/certificates/pkcs12', { p12: await fileBase64(p12), password: p12Password, ...expected });
      const result = await activated(res, 'PKCS#12 refused');
      if (result.kind === 'ok') setP12Password('');
      return result;
    });

  const readPemFile = async (file: File | undefined) => {
    if (file) setPem(await file.text());
  };

  return (
    <section className="card cert-tools" data-testid="certificate-external-ca">
      <h2>Use an external CA</h2>
      <p className="small muted">Replace the active certificate with one from a public or corporate CA. The current one stays for verifying older records.</p>

      <div className="cert-tool">
        <h3>1. Certificate signing request</h3>
        <p className="small muted">Signet creates a new key (it never leaves the server) and a PKCS#10 request for your CA.</p>
        <button className="btn btn-secondary" onClick={() => void createCsr()} disabled={busy !== null} data-testid="create-csr">
          {busy === 'csr' ? 'Creating…' : 'Create CSR'}
        </button>
      </div>

      <form
        className="cert-tool"
        onSubmit={(e) => {
          e.preventDefault();
          void importChain();
        }}
      >
        <h3>2. Import the issued chain</h3>
        <label className="field">
          <span>Request id</span>
          <input type="text" className="mono" value={requestId} onChange={(e) => setRequestId(e.target.value)} placeholder="filled in when you create a CSR" required data-testid="chain-request-id" />
        </label>
        <label className="field">
          <span>
            Chain (PEM) <small>certificate first, then its issuers</small>
          </span>
          <textarea className="mono" rows={5} value={pem} onChange={(e) => setPem(e.target.value)} placeholder="-----BEGIN CERTIFICATE-----" required data-testid="chain-pem" />
        </label>
        <div className="cert-actions">
          <input type="file" accept=".pem,.crt,.cer,.txt" onChange={(e) => void readPemFile(e.target.files?.[0])} aria-label="Load the chain from a PEM file" />
          <button className="btn btn-primary" type="submit" disabled={busy !== null || !requestId.trim() || !pem.trim()} data-testid="import-chain">
            {busy === 'chain' ? 'Checking…' : 'Import issued chain'}
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
        <h3>Or import a PKCS#12 file</h3>
        <div className="field-row">
          <label className="field">
            <span>File (.p12, .pfx)</span>
            <input type="file" accept=".p12,.pfx,application/x-pkcs12" onChange={(e) => setP12(e.target.files?.[0] ?? null)} required data-testid="pkcs12-file" />
          </label>
          <label className="field">
            <span>Password</span>
            <input type="password" autoComplete="off" value={p12Password} onChange={(e) => setP12Password(e.target.value)} maxLength={1000} data-testid="pkcs12-password" />
          </label>
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy !== null || !p12} data-testid="import-pkcs12">
          {busy === 'pkcs12' ? 'Checking…' : 'Import PKCS#12'}
        </button>
      </form>
      <OutcomeAlert outcome={outcome} testId="external-ca-outcome" />
    </section>
  );
}
