import { createTranslator } from 'use-intl/core';
import en from '@/messages/en.json';
import zhCN from '@/messages/zh-CN.json';
import type { Locale } from '../i18n/locales';

const CATALOGUES = { en, 'zh-CN': zhCN } as const;

export interface Say {
  /** A key of the "printed" namespace. */
  (key: string, values?: Record<string, string | number>): string;
  /** A shared label: "status.signed", "documentTypes.contract"; the raw code when none exists. */
  label(key: string, fallback: string): string;
}

/** Text drawn into PDFs, in one language, from the same catalogues as the UI. */
export function pdfTranslator(locale: Locale): Say {
  const t = createTranslator({ locale, messages: CATALOGUES[locale] });
  const call = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const say = ((key: string, values?: Record<string, string | number>) => call(`printed.${key}`, values)) as Say;
  say.label = (key, fallback) => (t.has(key as never) ? call(key) : fallback);
  return say;
}
