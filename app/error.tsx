'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect } from 'react';

/** The branded error boundary: what happened, what to do, and a reference for support. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('errorPage');
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="page-narrow auth-page" id="main">
      <div className="card center" data-testid="error-page">
        <div className="success-mark fail-mark" aria-hidden>
          !
        </div>
        <h1>{t('title')}</h1>
        <p className="muted">{t('text')}</p>
        {error.digest && (
          <p className="error-code">
            {t('reference')}: <span className="mono">{error.digest}</span>
          </p>
        )}
        <div className="row" style={{ justifyContent: 'center' }}>
          <button type="button" className="btn btn-primary" onClick={reset}>
            {t('retry')}
          </button>
          <Link className="btn btn-secondary" href="/">
            {t('home')}
          </Link>
        </div>
      </div>
    </main>
  );
}
