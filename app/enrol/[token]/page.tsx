import { getTranslations } from 'next-intl/server';
import { AuthShell } from '@/app/_components/auth-shell';
import { getFormat } from '@/app/_components/server-format';
import { EnrolForm } from '@/app/_components/staff-passkey';
import { linkTokenParam } from '@/lib/api/auth-schemas';
import { describeInvite } from '@/lib/auth/invites';
import { appContext } from '@/lib/context';
import { AppError, isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string; robots: { index: boolean }; referrer: 'no-referrer' }> {
  return { title: (await getTranslations('meta'))('enrol'), robots: { index: false }, referrer: 'no-referrer' };
}

export default async function EnrolPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('auth');
  const c = await getTranslations('common');
  const te = await getTranslations('errors');
  const tr = await getTranslations('roles');
  const f = await getFormat();
  let invite: Awaited<ReturnType<typeof describeInvite>> | null = null;
  let error: AppError | null = null;
  try {
    if (!linkTokenParam.safeParse(token).success) throw new AppError('INVITE_UNKNOWN', 'expected a setup or invite link; this link is malformed');
    invite = await describeInvite(await appContext(), token);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = e;
  }
  const setup = invite?.kind === 'setup';
  return (
    <AuthShell label={setup ? c('setup') : c('staffSignIn')}>
      <div className="card">
        {invite ? (
          <>
            <h1>{setup ? t('setupTitle') : t('welcomeTitle')}</h1>
            <p className="muted">
              {t.rich(setup ? 'setupText' : 'inviteText', {
                name: invite.name,
                roles: invite.roles.map((r) => tr(r)).join(t('listSeparator')),
                n: invite.roles.length,
                strong: (chunks) => <strong>{chunks}</strong>,
              })}
            </p>
            <EnrolForm token={token} name={invite.name} setup={setup} />
            <p className="muted small" style={{ marginTop: 16, marginBottom: 0 }}>
              {t('linkExpires', { when: f.dateTime(invite.expiresAt, { withZone: true }) })}
            </p>
          </>
        ) : (
          <div className="alert alert-danger" role="alert" style={{ marginBottom: 0 }} data-testid="enrol-link-error" data-code={error?.code}>
            <strong>{t('linkUnusable')}</strong>
            {error && te.has(error.code) ? te(error.code) : te('unknown')}
            <span className="error-code">
              {te('codeLabel')}: <span className="mono">{error?.code}</span>
            </span>
          </div>
        )}
      </div>
    </AuthShell>
  );
}
