import { formatDateTime } from '@/app/_components/format';
import { AddPasskeyButton, RemovePasskeyButton } from '@/app/_components/account-actions';
import { requireStaff } from '@/app/_components/current-staff';
import { SignOutButton } from '@/app/_components/sign-out-button';
import { getAccount } from '@/lib/auth/account';
import { appContext } from '@/lib/context';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Your account' };

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const staff = await requireStaff();
  const account = await getAccount(await appContext(), staff);
  const flags = await searchParams;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{account.name}</h1>
          <p className="subtitle" data-testid="account-roles">
            {account.roles.join(', ')}
            {account.seesAll ? ' · sees all uploads' : ''}
          </p>
        </div>
        <SignOutButton everywhere className="btn btn-secondary" />
      </div>
      {flags.welcome && (
        <div className="alert alert-ok" role="status">
          <strong>Your passkey is set up.</strong>
          Add a second passkey (for example a security key or your phone) so losing one device does not lock you out.
        </div>
      )}
      {flags.denied && (
        <div className="alert alert-warn" role="alert" data-testid="denied">
          <strong>That page needs another role.</strong>
          Your roles are {account.roles.join(', ')}. Ask an admin if you need more access.
        </div>
      )}
      <div className="card table-wrap">
        <div className="spread account-section-head">
          <h2>Passkeys</h2>
          <AddPasskeyButton />
        </div>
        <table className="list" data-testid="passkeys">
          <thead>
            <tr>
              <th>Name</th>
              <th className="hide-sm">Added</th>
              <th>Last used</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {account.passkeys.map((p) => (
              <tr key={p.id}>
                <td>{p.label}</td>
                <td className="hide-sm">{formatDateTime(p.createdAt)}</td>
                <td>{formatDateTime(p.lastUsedAt)}</td>
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
          <h2>Signed-in sessions</h2>
          <p className="muted small">Sessions end after inactivity or at their absolute limit. “Sign out everywhere” ends all of them, this one included.</p>
        </div>
        <table className="list" data-testid="sessions">
          <thead>
            <tr>
              <th>Device</th>
              <th className="hide-sm">Signed in</th>
              <th>Last active</th>
            </tr>
          </thead>
          <tbody>
            {account.sessions.map((s) => (
              <tr key={s.ref}>
                <td className="session-device">
                  {s.current && <span className="chip">This browser</span>} {s.userAgent ?? 'Unknown device'}
                </td>
                <td className="hide-sm">{formatDateTime(s.createdAt)}</td>
                <td>{formatDateTime(s.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
