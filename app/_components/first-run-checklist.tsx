import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** After first-time setup: what an administrator does next, each step linked. */
export async function FirstRunChecklist() {
  const t = await getTranslations('checklist');
  const steps = [
    { key: 'organization', href: '/admin#organization' },
    { key: 'name', href: '#settings' },
    { key: 'passkey', href: '#passkeys' },
    { key: 'certificate', href: '/certificates' },
    { key: 'invite', href: '/admin#invite' },
    { key: 'upload', href: '/' },
  ] as const;
  return (
    <section className="card checklist" data-testid="first-run-checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title" style={{ marginTop: 0 }}>
        {t('title')}
      </h2>
      <p className="muted small">{t('intro')}</p>
      <ol>
        {steps.map((s) => (
          <li key={s.key}>
            <Link href={s.href}>{t(`${s.key}.title`)}</Link>
            <div className="small muted">{t(`${s.key}.text`)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
