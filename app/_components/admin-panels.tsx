'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import QRCode from 'qrcode';
import { useState } from 'react';
import type { ApiKeyView } from '@/lib/auth/api-keys';
import type { StaffUserView } from '@/lib/auth/users';
import { apiJson } from './hash-file';
import { ProblemAlert, useExplain, type Problem } from './problem';
import { useFormat } from './use-format';

const ROLE_NAMES = ['admin', 'uploader', 'auditor'] as const;
type RoleName = (typeof ROLE_NAMES)[number];

function RoleChecks({ value, onChange, idPrefix }: { value: RoleName[]; onChange: (roles: RoleName[]) => void; idPrefix: string }) {
  const tr = useTranslations('roles');
  return (
    <div className="role-checks">
      {ROLE_NAMES.map((r) => (
        <label key={r} htmlFor={`${idPrefix}-${r}`}>
          <input id={`${idPrefix}-${r}`} type="checkbox" checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} />
          {tr(r)}
        </label>
      ))}
    </div>
  );
}

/** One staff row: roles, the "sees all uploads" grant, remove. The server refuses to drop the last admin. */
export function UserRow({ user, self }: { user: StaffUserView; self: boolean }) {
  const router = useRouter();
  const t = useTranslations('admin');
  const tc = useTranslations('common');
  const explain = useExplain();
  const [error, setError] = useState<Problem | null>(null);
  const save = async (change: { roles?: RoleName[]; seesAll?: boolean; disabled?: boolean }) => {
    setError(null);
    try {
      await apiJson(`/api/admin/users/${user.id}`, { method: 'PATCH', body: JSON.stringify(change) });
      router.refresh();
    } catch (e) {
      setError(explain(e));
    }
  };
  return (
    <tr data-testid="staff-row" style={user.disabled ? { opacity: 0.55 } : undefined}>
      <td>
        {user.name} {self && <span className="chip">{tc('you')}</span>} {user.disabled && <span className="chip">{t('removed')}</span>}
        <ProblemAlert problem={error} style={{ marginTop: 8, marginBottom: 0 }} />
      </td>
      <td>
        <RoleChecks idPrefix={`roles-${user.id}`} value={user.roles as RoleName[]} onChange={(roles) => roles.length > 0 && save({ roles })} />
      </td>
      <td className="hide-sm">
        <input type="checkbox" aria-label={t('seesAllFor', { name: user.name })} checked={user.seesAll} disabled={!user.roles.includes('uploader')} onChange={(e) => save({ seesAll: e.target.checked })} />
      </td>
      <td className="hide-sm">{user.passkeys}</td>
      <td style={{ textAlign: 'right' }}>
        {!user.disabled && (
          <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => window.confirm(t('removeConfirm', { name: user.name })) && save({ disabled: true })}>
            {t('remove')}
          </button>
        )}
      </td>
    </tr>
  );
}

/** Creates a one-time enrolment link and shows it with a QR code for a phone. */
export function InvitePanel({ mailOn = false }: { mailOn?: boolean }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<RoleName[]>(['uploader']);
  const [created, setCreated] = useState<{ url: string; svg: string; expiresAt: string; name: string; emailedTo: string | null } | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [copied, setCopied] = useState(false);
  const t = useTranslations('admin');
  const f = useFormat();
  const explain = useExplain();
  return (
    <div className="card" id="invite">
      <h2 style={{ marginTop: 0, fontSize: '1.05rem' }}>{t('inviteTitle')}</h2>
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const invite = await apiJson<{ url: string; expiresAt: string; name: string; emailedTo: string | null }>('/api/admin/invites', { method: 'POST', body: JSON.stringify({ name, roles, email: email.trim() || null }) });
            const svg = await QRCode.toString(invite.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
            setCreated({ ...invite, svg });
            setName('');
            setEmail('');
            router.refresh();
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        <ProblemAlert problem={error} />
        <label className="field">
          <span>{t('name')}</span>
          <input type="text" id="invite-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('namePlaceholder')} />
        </label>
        <label className="field">
          <span>{t('inviteEmail')}</span>
          <input type="email" id="invite-email" maxLength={254} autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="grace@example.com" />
          <span className="small muted">{mailOn ? t('inviteEmailHint') : t('inviteEmailOff')}</span>
        </label>
        <RoleChecks idPrefix="invite" value={roles} onChange={setRoles} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={roles.length === 0} data-testid="create-invite">
            {t('createInvite')}
          </button>
        </div>
      </form>
      {created && (
        <div className="alert alert-info" style={{ marginTop: 16, marginBottom: 0 }} data-testid="invite-created">
          <strong>{t('inviteCreated', { name: created.name, when: f.dateTime(created.expiresAt, { withZone: true }) })}</strong>
          <div className="row" style={{ alignItems: 'flex-start', gap: 16, flexWrap: 'wrap', marginTop: 8 }}>
            <div className="invite-qr" role="img" aria-label={t('inviteQrAlt')} dangerouslySetInnerHTML={{ __html: created.svg }} />
            <div style={{ flex: '1 1 240px', minWidth: 0 }}>
              {created.emailedTo && (
                <p className="small" style={{ marginTop: 0 }} data-testid="invite-emailed">
                  {t('inviteEmailed', { email: created.emailedTo })}
                </p>
              )}
              <p className="small" style={{ marginTop: 0 }}>{t('inviteHint')}</p>
              <div className="secret-box" data-testid="invite-url">
                {created.url}
              </div>
              <button
                type="button"
                className="btn btn-secondary btn-sm"
                style={{ marginTop: 8 }}
                data-testid="copy-invite"
                onClick={() => {
                  void navigator.clipboard?.writeText(created.url).then(() => {
                    setCopied(true);
                    setTimeout(() => setCopied(false), 2000);
                  });
                }}
              >
                {copied ? t('copied') : t('copyLink')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** API keys: create (shown once) and revoke. */
export function ApiKeysPanel({ keys }: { keys: ApiKeyView[] }) {
  const router = useRouter();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<RoleName[]>(['uploader']);
  const [days, setDays] = useState('90');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const t = useTranslations('admin');
  const tr = useTranslations('roles');
  const f = useFormat();
  const explain = useExplain();
  return (
    <div className="card table-wrap">
      <div className="account-section-head">
        <h2>{t('apiKeys')}</h2>
        <p className="muted small">{t.rich('apiKeysHint', { header: 'Authorization: Bearer <key>', code: (c) => <code>{c}</code> })}</p>
      </div>
      <form
        className="stack"
        style={{ padding: '0 16px 16px' }}
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const expiresAt = days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : null;
            const created = await apiJson<{ key: string }>('/api/admin/api-keys', { method: 'POST', body: JSON.stringify({ name, roles, expiresAt }) });
            setSecret(created.key);
            setName('');
            router.refresh();
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        <ProblemAlert problem={error} />
        {secret && (
          <div className="alert alert-ok" role="status">
            <strong>{t('keyShownOnce')}</strong>
            <div className="secret-box" data-testid="api-key-secret">
              {secret}
            </div>
          </div>
        )}
        <div className="field-row">
          <label className="field">
            <span>{t('keyName')}</span>
            <input type="text" id="key-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('keyNamePlaceholder')} />
          </label>
          <label className="field">
            <span>{t('keyDays')}</span>
            <input type="text" id="key-days" inputMode="numeric" pattern="[0-9]*" value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
        </div>
        <RoleChecks idPrefix="key" value={roles} onChange={setRoles} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={roles.length === 0}>
            {t('createKey')}
          </button>
        </div>
      </form>
      {keys.length > 0 && (
        <table className="list" data-testid="api-keys-table">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('roles')}</th>
              <th className="hide-sm">{t('keyStarts')}</th>
              <th className="hide-sm">{t('expires')}</th>
              <th>{t('status')}</th>
              <th>
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{k.roles.map((r) => tr(r)).join(t('listSeparator'))}</td>
                <td className="hide-sm mono">{k.prefix}…</td>
                <td className="hide-sm">{k.expiresAt ? f.dateTime(k.expiresAt) : t('never')}</td>
                <td>
                  <span className="chip">{t(`keyStatus.${k.status}`)}</span>
                </td>
                <td style={{ textAlign: 'right' }}>
                  {k.status !== 'revoked' && (
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-ghost"
                      onClick={async () => {
                        if (!window.confirm(t('revokeConfirm', { name: k.name }))) return;
                        await apiJson(`/api/admin/api-keys/${k.id}`, { method: 'DELETE' }).catch((e: unknown) => setError(explain(e)));
                        router.refresh();
                      }}
                    >
                      {t('revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
