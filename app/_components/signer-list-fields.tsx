'use client';

import { useTranslations } from 'next-intl';

export interface ExtraSigner {
  key: string;
  name: string;
  email: string;
}

export type SignerOrder = 'sequential' | 'parallel';

/** More signers after the first, and whether they sign one after another or all at once. */
export function SignerListFields({
  extra,
  order,
  onChange,
  onOrder,
}: {
  extra: ExtraSigner[];
  order: SignerOrder;
  onChange: (next: ExtraSigner[]) => void;
  onOrder: (order: SignerOrder) => void;
}) {
  const t = useTranslations('multi');
  const set = (key: string, patch: Partial<ExtraSigner>) => onChange(extra.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  return (
    <div className="signer-list" data-testid="extra-signers">
      {extra.map((s, i) => (
        <fieldset key={s.key} className="signer-row" data-testid="extra-signer">
          <legend className="small muted">{t('signerN', { n: i + 2 })}</legend>
          <div className="field-row">
            <label className="field">
              <span>{t('name')}</span>
              <input type="text" maxLength={200} value={s.name} onChange={(e) => set(s.key, { name: e.target.value })} data-testid="extra-signer-name" />
            </label>
            <label className="field">
              <span>
                {t('email')} <small>{t('optional')}</small>
              </span>
              <input type="email" maxLength={254} value={s.email} onChange={(e) => set(s.key, { email: e.target.value })} data-testid="extra-signer-email" />
            </label>
          </div>
          <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => onChange(extra.filter((x) => x.key !== s.key))}>
            {t('removeSigner')}
          </button>
        </fieldset>
      ))}
      {extra.length < 19 && (
        <button
          type="button"
          className="btn btn-sm btn-secondary"
          onClick={() => onChange([...extra, { key: Math.random().toString(36).slice(2), name: '', email: '' }])}
          data-testid="add-signer"
        >
          {t('addSigner')}
        </button>
      )}
      {extra.length > 0 && (
        <label className="field" style={{ marginTop: 12 }}>
          <span>{t('order')}</span>
          <select value={order} onChange={(e) => onOrder(e.target.value as SignerOrder)} data-testid="signer-order">
            <option value="sequential">{t('orderSequential')}</option>
            <option value="parallel">{t('orderParallel')}</option>
          </select>
        </label>
      )}
    </div>
  );
}

/** The request page's fragment: the first signer's token as `t`, every other one under its place id. */
export function tokensFragment(signers: { id: string; token: string }[]): string {
  const params = new URLSearchParams();
  signers.forEach((s, i) => params.set(i === 0 ? 't' : s.id, s.token));
  return params.toString();
}
