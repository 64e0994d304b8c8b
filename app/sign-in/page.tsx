import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { AuthShell } from '@/app/_components/auth-shell';
import { SignInForm } from '@/app/_components/staff-passkey';
import { currentStaff } from '@/app/_components/current-staff';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string; robots: { index: boolean } }> {
  return { title: (await getTranslations('meta'))('signIn'), robots: { index: false } };
}

export default async function SignInPage() {
  if (await currentStaff()) redirect('/');
  const t = await getTranslations('auth');
  const c = await getTranslations('common');
  return (
    <AuthShell label={c('staffSignIn')}>
      <div className="card">
        <h1>{t('signInTitle')}</h1>
        <p className="muted">{t('signInText')}</p>
        <SignInForm />
        <p className="muted small" style={{ marginTop: 16, marginBottom: 0 }}>
          {t.rich('lostPasskey', { code: (chunks) => <code>{chunks}</code> })}
        </p>
      </div>
    </AuthShell>
  );
}
