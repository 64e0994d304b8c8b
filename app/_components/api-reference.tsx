'use client';

import { useEffect, useRef, useState } from 'react';

interface ScalarApp {
  destroy?: () => void;
}
declare global {
  interface Window {
    Scalar?: { createApiReference: (el: HTMLElement, config: Record<string, unknown>) => ScalarApp };
  }
}

let loading: Promise<void> | undefined;

/**
 * Signet's colours on Scalar's theme variables, dark enough for WCAG 2.1 AA contrast (1.4.3, 4.5:1
 * on white and on Scalar's light greys), and the app's own font stack.
 */
const THEME_CSS = `.light-mode {
  --scalar-font: inherit;
  --scalar-color-1: #101828; --scalar-color-2: #344054; --scalar-color-3: #475467;
  --scalar-color-accent: #4338ca;
  --scalar-color-green: #067647; --scalar-color-blue: #175cd3; --scalar-color-orange: #b54708;
  --scalar-color-red: #b42318; --scalar-color-yellow: #7a5a00; --scalar-color-purple: #5b34b5;
}`;

/** Adds Scalar's script once; under 'strict-dynamic' a script added by this nonce-trusted bundle may run. */
function loadScalar(src: string): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => ((loading = undefined), reject(new Error(`could not load ${src}`)));
    document.head.append(script);
  });
  return loading;
}

/**
 * The interactive API reference (Scalar) for /api/openapi.json, in the page's language. Fonts,
 * telemetry, the AI agent and the request proxy are off: nothing leaves this origin.
 */
export function ApiReference({ scriptSrc, locale, loadingText, failedText }: { scriptSrc: string; locale: string; loadingText: string; failedText: string }) {
  const el = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  useEffect(() => {
    let app: ScalarApp | undefined;
    let cancelled = false;
    loadScalar(scriptSrc)
      .then(() => {
        if (cancelled || !el.current || !window.Scalar) return;
        app = window.Scalar.createApiReference(el.current, {
          url: '/api/openapi.json',
          localization: { locale },
          layout: 'modern',
          theme: 'default',
          forceDarkModeState: 'light',
          hideDarkModeToggle: true,
          withDefaultFonts: false,
          telemetry: false,
          showDeveloperTools: 'never',
          agent: { disabled: true },
          mcp: { disabled: true },
          documentDownloadType: 'json',
          operationTitleSource: 'path',
          customCss: THEME_CSS,
        });
        setState('ready');
      })
      .catch(() => setState('failed'));
    return () => {
      cancelled = true;
      app?.destroy?.();
    };
  }, [scriptSrc, locale]);
  return (
    <div className="api-reference" data-testid="api-reference" data-state={state}>
      {state === 'loading' && <p className="muted small">{loadingText}</p>}
      {state === 'failed' && (
        <p className="alert alert-danger" role="alert">
          {failedText}
        </p>
      )}
      <div ref={el} />
    </div>
  );
}
