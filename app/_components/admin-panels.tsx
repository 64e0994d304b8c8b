'use client';

import { useRouter } from 'next/navigation';
import QRCode from 'qrcode';
import { useState } from 'react';
import type { ApiKeyView } from '@/lib/auth/api-keys';
import type { StaffUserView } from '@/lib/auth/users';
import { formatDateTime } from './format';
import { ApiError, apiJson } from './hash-file';

const ROLE_NAMES = ['admin', 'uploader', 'auditor'] as const;
type RoleName = (typeof ROLE_NAMES)[number];

function explain(e: unknown): string {
  return e instanceof ApiError ? `${e.message} (${e.code})` : e instanceof Error ? e.message : String(e);
}

function RoleChecks({ value, onChange, idPrefix }: { value: RoleName[]; onChange: (roles: RoleName[]) => void; idPrefix: string }) {
  return (
    <div className="role-checks">
      {ROLE_NAMES.map((r) => (
        <label key={r} htmlFor={`${idPrefix}-${r}`}>
          <input id={`${idPrefix}-${r}`} type="checkbox" checked={value.includes(r)} onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))} />
          {r}
        </label>
      ))}
    </div>
  );
}

/** One staff row: roles, the "sees all uploads" grant, remove. The server refuses to drop the last admin. */
export function UserRow({ user, self }: { user: StaffUserView; self: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
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
        {user.name} {self && <span className="chip">you</span>} {user.disabled && <span className="chip">removed</span>}
        {error && (
          <div className="small danger-text" role="alert">
            {error}
          </div>
        )}
      </td>
      <td>
        <RoleChecks idPrefix={`roles-${user.id}`} value={user.roles as RoleName[]} onChange={(roles) => roles.length > 0 && save({ roles })} />
      </td>
      <td className="hide-sm">
        <input type="checkbox" aria-label={`${user.name} sees all uploads`} checked={user.seesAll} disabled={!user.roles.includes('uploader')} onChange={(e) => save({ seesAll: e.target.checked })} />
      </td>
      <td className="hide-sm">{user.passkeys}</td>
      <td style={{ textAlign: 'right' }}>
        {!user.disabled && (
          <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => window.confirm(`Remove ${user.name}? Their sessions end now.`) && save({ disabled: true })}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

/** Creates a one-time enrolment link and shows it with a QR code for a phone. */
export function InvitePanel() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<RoleName[]>(['uploader']);
  const [created, setCreated] = useState<{ url: string; svg: string; expiresAt: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="card">
      <h2 style={{ marginTop: 0, fontSize: '1.05rem' }}>Invite staff</h2>
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            const invite = await apiJson<{ url: string; expiresAt: string; name: string }>('/api/admin/invites', { method: 'POST', body: JSON.stringify({ name, roles }) });
            const svg = await QRCode.toString(invite.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
            setCreated({ ...invite, svg });
            setName('');
            router.refresh();
          } catch (err) {
            setError(explain(err));
          }
        }}
      >
        {error && (
          <div className="alert alert-danger" role="alert">
            {error}
          </div>
        )}
        <label className="field">
          <span>Name</span>
          <input type="text" id="invite-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Grace Hopper" />
        </label>
        <RoleChecks idPrefix="invite" value={roles} onChange={setRoles} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={roles.length === 0} data-testid="create-invite">
            Create invite link
          </button>
        </div>
      </form>
      {created && (
        <div className="alert alert-info" style={{ marginTop: 16, marginBottom: 0 }} data-testid="invite-created">
          <strong>One-time link for {created.name}, valid until {formatDateTime(created.expiresAt)}</strong>
          <div className="row" style={{ alignItems: 'flex-start', gap: 16, flexWrap: 'wrap', marginTop: 8 }}>
            <div className="invite-qr" aria-label="QR code of the invite link" dangerouslySetInnerHTML={{ __html: created.svg }} />
            <div style={{ flex: '1 1 240px', minWidth: 0 }}>
              <p className="small" style={{ marginTop: 0 }}>Send this link privately or let them scan the code. It works once; it is not shown again.</p>
              <div className="secret-box" data-testid="invite-url">
                {created.url}
              </div>
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
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="card table-wrap">
      <div className="account-section-head">
        <h2>API keys</h2>
        <p className="muted small">
          For automation: send <code>Authorization: Bearer &lt;key&gt;</code>. A key is shown once and stored only as a hash.
        </p>
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
        {error && (
          <div className="alert alert-danger" role="alert">
            {error}
          </div>
        )}
        {secret && (
          <div className="alert alert-ok" role="status">
            <strong>Copy the new key now; it is not shown again.</strong>
            <div className="secret-box" data-testid="api-key-secret">
              {secret}
            </div>
          </div>
        )}
        <div className="field-row">
          <label className="field">
            <span>Key name</span>
            <input type="text" id="key-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. ci" />
          </label>
          <label className="field">
            <span>Expires after (days, empty = never)</span>
            <input type="text" id="key-days" inputMode="numeric" pattern="[0-9]*" value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
        </div>
        <RoleChecks idPrefix="key" value={roles} onChange={setRoles} />
        <div>
          <button type="submit" className="btn btn-primary" disabled={roles.length === 0}>
            Create API key
          </button>
        </div>
      </form>
      {keys.length > 0 && (
        <table className="list" data-testid="api-keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Roles</th>
              <th className="hide-sm">Key starts</th>
              <th className="hide-sm">Expires</th>
              <th>Status</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>{k.roles.join(', ')}</td>
                <td className="hide-sm mono">{k.prefix}…</td>
                <td className="hide-sm">{k.expiresAt ? formatDateTime(k.expiresAt) : 'never'}</td>
                <td>
                  <span className="chip">{k.status}</span>
                </td>
                <td style={{ textAlign: 'right' }}>
                  {k.status !== 'revoked' && (
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-ghost"
                      onClick={async () => {
                        if (!window.confirm(`Revoke the API key “${k.name}”? Automation using it stops at once.`)) return;
                        await apiJson(`/api/admin/api-keys/${k.id}`, { method: 'DELETE' }).catch((e: unknown) => setError(explain(e)));
                        router.refresh();
                      }}
                    >
                      Revoke
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
