import { getTranslations } from 'next-intl/server';
import { AddPasskeyButton, RemovePasskeyButton } from '@/app/_components/account-actions';
import { AccountSettings } from '@/app/_components/account-settings';
import { currentPreferences, hasRole, requireStaff } from '@/app/_components/current-staff';
import { FirstRunChecklist } from '@/app/_components/first-run-checklist';
import { NotifyEmailForm } from '@/app/_components/notify-email-form';
import { getFormat } from '@/app/_components/server-format';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getAccount } from '@/lib/auth/account';
import { appContext } from '@/lib/context';
import { getNotifyAddress } from '@/lib/notifications/notify-address';
import { describeUserAgent } from '@/lib/operations/describe-user-agent';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('account') };
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const staff = await requireStaff();
  const ctx = await appContext();
  const account = await getAccount(ctx, staff);
  const notifyEmail = await getNotifyAddress(ctx, { kind: 'staff', id: staff.id });
  const prefs = await currentPreferences();
  const flags = await searchParams;
  const t = await getTranslations('account');
  const tr = await getTranslations('roles');
  const tn = await getTranslations('nav');
  const f = await getFormat();
  const roles = account.roles.map((r) => tr(r)).join(tn('listSeparator'));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{account.name}</h1>
          <p className="subtitle" data-testid="account-roles">
            {roles}
            {account.seesAll ? ` · ${t('seesAll')}` : ''}
          </p>
        </div>
        <SignOutButton everywhere className="btn btn-secondary" />
      </div>
      {flags.welcome === 'setup' && hasRole(staff, ['admin']) && <FirstRunChecklist />}
      {flags.welcome && flags.welcome !== 'setup' && (
        <div className="alert alert-ok" role="status">
          <strong>{t('welcomeTitle')}</strong>
          {t('welcomeText')}
        </div>
      )}
      {flags.denied && (
        <div className="alert alert-warn" role="alert" data-testid="denied">
          <strong>{t('deniedTitle')}</strong>
          {t('deniedText', { roles })}
        </div>
      )}
      <AccountSettings name={account.name} locale={prefs.locale} timeZone={prefs.timeZone} />
      <NotifyEmailForm email={notifyEmail} mailOn={ctx.config.mail !== null} />
      <div className="card table-wrap" id="passkeys">
        <div className="spread account-section-head">
          <h2>{t('passkeys')}</h2>
          <AddPasskeyButton />
        </div>
        <table className="list" data-testid="passkeys">
          <thead>
            <tr>
              <th>{t('passkeyName')}</th>
              <th className="hide-sm">{t('added')}</th>
              <th>{t('lastUsed')}</th>
              <th>
                <span className="sr-only">{t('actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {account.passkeys.map((p) => (
              <tr key={p.id}>
                <td>{p.label}</td>
                <td className="hide-sm">{f.dateTime(p.createdAt)}</td>
                <td>{f.dateTime(p.lastUsedAt)}</td>
                <td style={{ textAlign: 'right' }}>
                  <RemovePasskeyButton id={p.id} label={p.label} only={account.passkeys.length === 1} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card table-wrap">
        <div className="account-section-head">
          <h2>{t('sessions')}</h2>
          <p className="muted small">{t('sessionsHint')}</p>
        </div>
        <table className="list" data-testid="sessions">
          <thead>
            <tr>
              <th>{t('device')}</th>
              <th className="hide-sm">{t('signedIn')}</th>
              <th>{t('lastActive')}</th>
            </tr>
          </thead>
          <tbody>
            {account.sessions.map((s) => (
              <tr key={s.ref}>
                <td className="session-device">
                  {s.current && <span className="chip">{t('thisBrowser')}</span>}{' '}
                  <span title={s.userAgent ?? undefined} data-testid="session-device">
                    {describeUserAgent(s.userAgent) ?? t('unknownDevice')}
                  </span>
                </td>
                <td className="hide-sm">{f.dateTime(s.createdAt)}</td>
                <td>{f.dateTime(s.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
