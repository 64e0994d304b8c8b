'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiJson } from './hash-file';

/** Ends this session (or every session) server-side, then goes to the sign-in page. */
export function SignOutButton({ everywhere = false, className = 'btn btn-sm btn-secondary' }: { everywhere?: boolean; className?: string }) {
  const router = useRouter();
  const t = useTranslations('nav');
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await apiJson(everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out', { method: 'POST' });
        } finally {
          router.replace('/sign-in');
          router.refresh();
        }
      }}
    >
      {everywhere ? t('signOutEverywhere') : t('signOut')}
    </button>
  );
}
