'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { CeremonyView } from '@/lib/signing/get-ceremony';

/**
 * The ceremony as the server pushes it (Server-Sent Events): a later signer's page learns when
 * their turn comes, and any page learns at once that its link stopped working (cancelled, expired,
 * replaced), as an error code.
 */
export function useLiveCeremony(token: string, initial: CeremonyView | null): [CeremonyView | null, string | null] {
  const [ceremony, setCeremony] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const live = initial !== null && (initial.status === 'pending' || initial.status === 'opened');
  useEffect(() => {
    if (!live) return;
    const es = new EventSource(`/api/ceremonies/${token}/events`);
    es.addEventListener('ceremony', (e) => setCeremony(JSON.parse((e as MessageEvent<string>).data) as CeremonyView));
    es.addEventListener('problem', (e) => {
      setProblem((JSON.parse((e as MessageEvent<string>).data) as { code: string }).code);
      es.close();
    });
    return () => es.close();
  }, [token, live]);
  return [ceremony, problem];
}

/** "Waiting for …": who of an earlier step has still to sign before this signer may. */
export function WaitingFor({ names }: { names: string[] }) {
  const t = useTranslations('multi');
  const locale = useLocale();
  return (
    <div className="alert alert-info waiting" role="status" aria-live="polite" data-testid="waiting-for">
      <span className="spinner" aria-hidden />
      <div>
        <strong>{t('waitingFor', { names: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names) })}</strong>
        <div className="small">{t('waitingHint')}</div>
      </div>
    </div>
  );
}

/** The request's signers as the phone shows them, this signer marked. */
export function CeremonySigners({ ceremony }: { ceremony: CeremonyView }) {
  const t = useTranslations('multi');
  const sequential = new Set(ceremony.signers.map((s) => s.step)).size > 1;
  return (
    <section className="card card-tight" data-testid="ceremony-signers">
      <h3 style={{ marginTop: 0 }}>{t('signersTitle', { n: ceremony.signers.length })}</h3>
      <ol className="phone-signers">
        {ceremony.signers.map((s, i) => (
          <li key={i} className={s.you ? 'you' : undefined}>
            <span className="phone-signer-name">
              {sequential && <span className="muted small">{t('stepShort', { n: s.step })} · </span>}
              {s.displayName}
              {s.you && <span className="muted small"> · {t('you')}</span>}
            </span>
            <span className={`badge badge-${s.status}`} data-status={s.status}>
              {t(`phoneStatus_${s.status}`)}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
