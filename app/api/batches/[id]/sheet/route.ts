import { getLocale, getTimeZone } from 'next-intl/server';
import { z } from 'zod';
import { uuidParam } from '@/lib/api/schemas';
import { getBatchSheet } from '@/lib/batches/get-batch-sheet';
import { appContext } from '@/lib/context';
import { AppError } from '@/lib/errors';
import { parseParam, route } from '@/lib/http/respond';
import { LOCALES } from '@/lib/i18n/locales';
import { resolveLocale } from '@/lib/i18n/negotiate';

const localeParam = z.enum(LOCALES).optional();

// POST, not GET: printing issues new links and retires the earlier ones (lib/batches/issue-sheet-links.ts),
// and a GET must be safe (RFC 9110 §9.2.1) so that prefetching or a crawler cannot do that.
export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'batch', id: String(id).slice(0, 80) };
    const requested = localeParam.safeParse(new URL(request.url).searchParams.get('locale') ?? undefined);
    if (!requested.success) throw new AppError('VALIDATION_FAILED', 'expected the locale parameter to be zh-CN or en');
    const locale = requested.data ?? resolveLocale({ cookie: await getLocale() });
    const sheet = await getBatchSheet(await appContext(), parseParam(id, uuidParam, 'a batch id'), { locale, timeZone: await getTimeZone() }, call.actor);
    return new Response(Buffer.from(sheet.bytes), {
      headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${sheet.fileName}"`, 'Cache-Control': 'no-store' },
    });
  },
  { roles: ['admin', 'uploader'], action: 'batch.sheet' },
);
