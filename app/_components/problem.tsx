'use client';

import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { ApiError } from './hash-file';

/** A failure as shown to people: what happened and what to do, and the code for support. */
export interface Problem {
  text: string;
  code: string | null;
}

/**
 * Turns anything thrown into a user-facing message from the catalogue (messages/*.json "errors",
 * keyed by the API's error code). The developer message from the API is never shown.
 */
export function useExplain(): (e: unknown) => Problem {
  const t = useTranslations('errors');
  return useCallback(
    (e: unknown): Problem => {
      if (e instanceof ApiError) return { text: t.has(e.code) ? t(e.code) : t('unknown'), code: e.code };
      if (e instanceof PasskeyProblem) return { text: t(PASSKEY_TEXT[e.kind]), code: null };
      if (e instanceof Error && e.name === 'NotAllowedError') return { text: t('passkeyCancelled'), code: null };
      if (e instanceof TypeError) return { text: t('network'), code: null };
      if (e instanceof LocalProblem) return { text: e.message, code: null };
      return { text: t('unknown'), code: e instanceof Error ? e.name : null };
    },
    [t],
  );
}

const PASSKEY_TEXT = {
  cancelled: 'passkeyCancelled',
  notOnDevice: 'passkeyNotOnDevice',
  noUserVerification: 'passkeyNoUserVerification',
  alreadyOnDevice: 'passkeyAlreadyOnDevice',
} as const;

/** A failure the client itself detected, whose message is already translated for people. */
export class LocalProblem extends Error {}

/** Why the browser's passkey prompt failed, as far as the page can tell (app/_components/ceremony-client.ts). */
export type PasskeyFailure = 'cancelled' | 'notOnDevice' | 'noUserVerification' | 'alreadyOnDevice';

export class PasskeyProblem extends Error {
  constructor(
    readonly kind: PasskeyFailure,
    cause: unknown,
  ) {
    super(`passkey prompt failed: ${kind}`, { cause });
    this.name = 'PasskeyProblem';
  }
}

/** The code, small, for support ("Error code: INVITE_USED"). */
export function ProblemCode({ code }: { code: string | null }) {
  const t = useTranslations('errors');
  if (!code) return null;
  return (
    <span className="error-code" data-testid="error-code">
      {t('codeLabel')}: <span className="mono">{code}</span>
    </span>
  );
}

export function ProblemAlert({ problem, title, testId, style }: { problem: Problem | null; title?: string; testId?: string; style?: React.CSSProperties }) {
  if (!problem) return null;
  return (
    <div className="alert alert-danger" role="alert" data-testid={testId} data-code={problem.code ?? undefined} style={style}>
      {title && <strong>{title}</strong>}
      <span>{problem.text}</span>
      <ProblemCode code={problem.code} />
    </div>
  );
}
