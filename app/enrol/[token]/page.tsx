import { AuthShell } from '@/app/_components/auth-shell';
import { EnrolForm } from '@/app/_components/staff-passkey';
import { linkTokenParam } from '@/lib/api/auth-schemas';
import { describeInvite } from '@/lib/auth/invites';
import { appContext } from '@/lib/context';
import { AppError, isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create your passkey', robots: { index: false }, referrer: 'no-referrer' };

export default async function EnrolPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invite: Awaited<ReturnType<typeof describeInvite>> | null = null;
  let error: AppError | null = null;
  try {
    if (!linkTokenParam.safeParse(token).success) throw new AppError('INVITE_UNKNOWN', 'expected a setup or invite link; this link is malformed');
    invite = await describeInvite(await appContext(), token);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e;
  }
  return (
    <AuthShell>
      <div className="card">
        {invite ? (
          <>
            <h1>{invite.kind === 'setup' ? 'Set up Signet' : 'Welcome to Signet'}</h1>
            <p className="muted">
              This one-time link creates the staff account <strong>{invite.name}</strong> with the role{invite.roles.length > 1 ? 's' : ''}{' '}
              <strong>{invite.roles.join(', ')}</strong>. Your device stores a passkey; you sign in with it from now on.
            </p>
            <EnrolForm token={token} name={invite.name} />
            <p className="muted small" style={{ marginTop: 16, marginBottom: 0 }}>
              The link works once and expires {new Date(invite.expiresAt).toUTCString()}.
            </p>
          </>
        ) : (
          <div className="alert alert-danger" role="alert" style={{ marginBottom: 0 }}>
            <strong>This link cannot be used</strong>
            {error?.message} ({error?.code})
          </div>
        )}
      </div>
    </AuthShell>
  );
}
