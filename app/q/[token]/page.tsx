import { getTranslations } from 'next-intl/server';
import { BatchQueueView } from '@/app/_components/batch-queue';
import { LocaleSwitcher } from '@/app/_components/locale-switcher';
import { tokenParam } from '@/lib/api/schemas';
import { getBatchQueue, type BatchQueue } from '@/lib/batches/get-batch-queue';
import { appContext } from '@/lib/context';
import { AppError, isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<{ title: string; robots: { index: boolean } }> {
  return { title: (await getTranslations('queue'))('metaTitle'), robots: { index: false } };
}

export default async function QueuePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations('common');
  const tc = await getTranslations('ceremony');
  const te = await getTranslations('errors');
  let queue: BatchQueue | null = null;
  let code: string | null = null;
  try {
    if (!tokenParam.safeParse(token).success) throw new AppError('QUEUE_TOKEN_UNKNOWN', 'expected a batch queue token; this link is malformed');
    queue = await getBatchQueue(await appContext(), token);
  } catch (e) {
    if (!isAppError(e)) throw e;
    code = e.code;
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
        {queue ? (
          <BatchQueueView token={token} queue={queue} />
        ) : (
          <div className="card center" style={{ marginTop: 16 }} data-testid="queue-error-page" data-code={code}>
            <div className="success-mark fail-mark">!</div>
            <h1>{tc('cannotOpen')}</h1>
            <p className="muted">{code && te.has(code) ? te(code) : te('unknown')}</p>
          </div>
        )}
      </main>
    </>
  );
}
