import { z } from 'zod';
import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { AppError } from '@/lib/errors';
import { readCookie } from '@/lib/auth/session-cookie-names';
import { LOCALE_COOKIE, LOCALES, TIME_ZONE_COOKIE } from '@/lib/i18n/locales';
import { resolveLocale, resolveTimeZone } from '@/lib/i18n/negotiate';
import { getSigningCertificate } from '@/lib/reports/get-signing-certificate';

const localeParam = z.enum(LOCALES).optional();

export const GET = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requested = localeParam.safeParse(new URL(request.url).searchParams.get('locale') ?? undefined);
    if (!requested.success) throw new AppError('VALIDATION_FAILED', 'expected the locale parameter to be zh-CN or en');
    // From the request itself, as the pages resolve it (the page's own download link passes ?locale=).
    const cookies = request.headers.get('cookie');
    const locale = requested.data ?? resolveLocale({ cookie: readCookie(cookies, LOCALE_COOKIE), acceptLanguage: request.headers.get('accept-language') });
    const timeZone = resolveTimeZone({ cookie: readCookie(cookies, TIME_ZONE_COOKIE) });
    const certificate = await getSigningCertificate(await appContext(), parseParam(id, uuidParam, 'a request id'), { locale, timeZone }, call.actor);
    return new Response(Buffer.from(certificate.bytes), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${certificate.fileName}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'seal.certificate' },
);
