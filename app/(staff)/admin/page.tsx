import { ApiKeysPanel, InvitePanel, UserRow } from '@/app/_components/admin-panels';
import { BackupCard } from '@/app/_components/backup-card';
import { formatDateTime } from '@/app/_components/format';
import { requireStaff } from '@/app/_components/current-staff';
import { listApiKeys } from '@/lib/auth/api-keys';
import { listInvites } from '@/lib/auth/invites';
import { listStaffUsers } from '@/lib/auth/users';
import { backupStatus } from '@/lib/backup/backup-status';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Admin' };

export default async function AdminPage() {
  const me = await requireStaff(['admin']);
  const ctx = await appContext();
  const [users, invites, keys, backups] = await Promise.all([listStaffUsers(ctx), listInvites(ctx), listApiKeys(ctx), backupStatus(ctx)]);
  const openInvites = invites.filter((i) => i.status === 'open');
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Admin</h1>
          <p className="subtitle">
            {users.filter((u) => !u.disabled).length} staff · {openInvites.length} open invite{openInvites.length === 1 ? '' : 's'} · {keys.filter((k) => !k.revokedAt).length} active API key
            {keys.filter((k) => !k.revokedAt).length === 1 ? '' : 's'}
          </p>
        </div>
      </div>

      <div className="card table-wrap">
        <div className="account-section-head">
          <h2>Staff</h2>
          <p className="muted small">Admins do everything; uploaders see their own documents unless granted “sees all”; auditors read all history and evidence.</p>
        </div>
        <table className="list" data-testid="staff-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Roles</th>
              <th className="hide-sm">Sees all uploads</th>
              <th className="hide-sm">Passkeys</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === me.id} />
            ))}
          </tbody>
        </table>
      </div>

      <InvitePanel />

      {invites.length > 0 && (
        <div className="card table-wrap">
          <div className="account-section-head">
            <h2>Recent links</h2>
          </div>
          <table className="list" data-testid="invites-table">
            <thead>
              <tr>
                <th>For</th>
                <th>Roles</th>
                <th>Status</th>
                <th className="hide-sm">Expires</th>
              </tr>
            </thead>
            <tbody>
              {invites.slice(0, 20).map((i) => (
                <tr key={i.id}>
                  <td>{i.name}</td>
                  <td>{i.roles.join(', ')}</td>
                  <td>
                    <span className="chip">{i.status}</span>
                  </td>
                  <td className="hide-sm">{formatDateTime(i.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ApiKeysPanel keys={keys} />

      <BackupCard status={backups} />
    </>
  );
}
