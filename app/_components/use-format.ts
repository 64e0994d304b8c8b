'use client';

import { useLocale, useTimeZone } from 'next-intl';
import { useMemo } from 'react';
import { makeFormat, type Format } from './format';

/** Client components: the provider's locale and time zone (the same as the server render). */
export function useFormat(): Format {
  const locale = useLocale();
  const timeZone = useTimeZone() ?? 'UTC';
  return useMemo(() => makeFormat(locale, timeZone), [locale, timeZone]);
}
