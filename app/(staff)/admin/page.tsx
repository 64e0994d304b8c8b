import { ApiKeysPanel, InvitePanel, UserRow } from '@/app/_components/admin-panels';
import { BackupCard } from '@/app/_components/backup-card';
import { OrganizationCard } from '@/app/_components/organization-card';
import { EmailStatusCard } from '@/app/_components/email-status-card';
import { WebhooksPanel } from '@/app/_components/webhooks-panel';
import { getTranslations } from 'next-intl/server';
import { requireStaff } from '@/app/_components/current-staff';
import { getFormat } from '@/app/_components/server-format';
import { listApiKeys } from '@/lib/auth/api-keys';
import { listInvites } from '@/lib/auth/invites';
import { listStaffUsers } from '@/lib/auth/users';
import { backupStatus } from '@/lib/backup/backup-status';
import { listCertificates } from '@/lib/certificates/list-certificates';
import { appContext } from '@/lib/context';
import { getOrganization } from '@/lib/organization/organization-name';
import { outboxStatus } from '@/lib/notifications/outbox-status';
import { listWebhooks } from '@/lib/notifications/webhooks';

export const dynamic = 'force-dynamic';
export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('admin') };
}

export default async function AdminPage() {
  const me = await requireStaff(['admin']);
  const ctx = await appContext();
  const [users, invites, keys, backups, organization, certificates, webhooks, outbox] = await Promise.all([
    listStaffUsers(ctx),
    listInvites(ctx),
    listApiKeys(ctx),
    backupStatus(ctx),
    getOrganization(ctx),
    listCertificates(ctx),
    listWebhooks(ctx),
    outboxStatus(ctx),
  ]);
  const openInvites = invites.filter((i) => i.status === 'open');
  const t = await getTranslations('admin');
  const tr = await getTranslations('roles');
  const f = await getFormat();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="subtitle">{t('summary', { staff: users.filter((u) => !u.disabled).length, invites: openInvites.length, keys: keys.filter((k) => !k.revokedAt).length })}</p>
        </div>
      </div>

      <OrganizationCard name={organization.name} fromEnvironment={organization.source === 'environment'} certificateSubject={certificates.active?.subject ?? null} />

      <div className="card table-wrap">
        <div className="account-section-head">
          <h2>{t('staff')}</h2>
          <p className="muted small">{t('staffHint')}</p>
        </div>
        <table className="list" data-testid="staff-table">
          <thead>
            <tr>
              <th>{t('name')}</th>
              <th>{t('roles')}</th>
              <th className="hide-sm">{t('seesAll')}</th>
              <th className="hide-sm">{t('passkeys')}</th>
              <th>
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === me.id} />
            ))}
          </tbody>
        </table>
      </div>

      <InvitePanel mailOn={outbox.mailFrom !== null} />

      {invites.length > 0 && (
        <div className="card table-wrap">
          <div className="account-section-head">
            <h2>{t('recentLinks')}</h2>
          </div>
          <table className="list" data-testid="invites-table">
            <thead>
              <tr>
                <th>{t('for')}</th>
                <th>{t('roles')}</th>
                <th>{t('status')}</th>
                <th className="hide-sm">{t('expires')}</th>
              </tr>
            </thead>
            <tbody>
              {invites.slice(0, 20).map((i) => (
                <tr key={i.id}>
                  <td>{i.name}</td>
                  <td>{i.roles.map((r) => tr(r)).join(t('listSeparator'))}</td>
                  <td>
                    <span className="chip">{t(`inviteStatus.${i.status}`)}</span>
                  </td>
                  <td className="hide-sm">{f.dateTime(i.expiresAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <ApiKeysPanel keys={keys} />

      <EmailStatusCard from={outbox.mailFrom} pending={outbox.pending} failed={outbox.failed} />

      <WebhooksPanel webhooks={webhooks} />

      <BackupCard status={backups} />
    </>
  );
}
