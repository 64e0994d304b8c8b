import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AuthShell } from '@/app/_components/auth-shell';

export async function generateMetadata(): Promise<{ title: string }> {
  return { title: (await getTranslations('meta'))('notFound') };
}

/** The branded 404: rendered per request (the root layout reads the locale), so its scripts carry the nonce. */
export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <AuthShell label={t('code')}>
      <div className="card center" data-testid="not-found">
        <div className="success-mark fail-mark" aria-hidden>
          ?
        </div>
        <h1>{t('title')}</h1>
        <p className="muted">{t('text')}</p>
        <Link className="btn btn-primary" href="/">
          {t('home')}
        </Link>
      </div>
    </AuthShell>
  );
}
