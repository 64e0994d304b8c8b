import { getLocale, getTimeZone } from 'next-intl/server';
import { z } from 'zod';
import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { AppError } from '@/lib/errors';
import { LOCALES } from '@/lib/i18n/locales';
import { resolveLocale } from '@/lib/i18n/negotiate';
import { getSigningCertificate } from '@/lib/reports/get-signing-certificate';

const localeParam = z.enum(LOCALES).optional();

export const GET = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requested = localeParam.safeParse(new URL(request.url).searchParams.get('locale') ?? undefined);
    if (!requested.success) throw new AppError('VALIDATION_FAILED', 'expected the locale parameter to be zh-CN or en');
    const locale = requested.data ?? resolveLocale({ cookie: await getLocale() });
    const certificate = await getSigningCertificate(await appContext(), parseParam(id, uuidParam, 'a request id'), { locale, timeZone: await getTimeZone() }, call.actor);
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
