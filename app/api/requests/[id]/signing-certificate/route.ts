import { z } from 'zod';
import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { AppError } from '@/lib/errors';
import { requestLocale } from '@/lib/http/request-locale';
import { LOCALES } from '@/lib/i18n/locales';
import { getSigningCertificate } from '@/lib/reports/get-signing-certificate';

const localeParam = z.enum(LOCALES).optional();

export const GET = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requested = localeParam.safeParse(new URL(request.url).searchParams.get('locale') ?? undefined);
    if (!requested.success) throw new AppError('VALIDATION_FAILED', 'expected the locale parameter to be zh-CN or en');
    const ctx = await appContext();
    // The page's own download link passes ?locale= (the language it is shown in).
    const resolved = await requestLocale(ctx, request, call.actor);
    const certificate = await getSigningCertificate(ctx, parseParam(id, uuidParam, 'a request id'), { ...resolved, locale: requested.data ?? resolved.locale }, call.actor);
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
