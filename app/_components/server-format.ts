import { getLocale, getTimeZone } from 'next-intl/server';
import { makeFormat, type Format } from './format';

/** Server components: this request's locale and time zone (i18n/request.ts). */
export async function getFormat(): Promise<Format> {
  return makeFormat(await getLocale(), await getTimeZone());
}
