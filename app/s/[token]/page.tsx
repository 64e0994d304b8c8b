import { getTranslations } from 'next-intl/server';
import { LocaleSwitcher } from '@/app/_components/locale-switcher';
import { SignCeremony } from '@/app/_components/sign-ceremony';
import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { AppError, isAppError } from '@/lib/errors';
import { getCeremony } from '@/lib/signing/get-ceremony';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string; robots: { index: boolean } }> {
  return { title: (await getTranslations('meta'))('sign'), robots: { index: false } };
}

export default async function SignPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('common');
  let ceremony = null;
  let error: { code: string; message: string } | null = null;
  try {
    if (!tokenParam.safeParse(token).success) throw new AppError('TOKEN_UNKNOWN', 'expected a signing link token; this link is malformed');
    ceremony = await getCeremony(await appContext(), token);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = { code: e.code, message: e.message };
  }
  return (
    <>
      <header className="phone-top">
        <span className="brand-mark" aria-hidden>
          ✓
        </span>
        <strong>Signet</strong>
        <span className="muted small phone-top-label">{t('securePage')}</span>
        <LocaleSwitcher />
      </header>
      <main className="page-narrow" id="main">
        <SignCeremony token={token} ceremony={ceremony} error={error} />
      </main>
    </>
  );
}
