import { getFormatter, getTranslations } from 'next-intl/server';
import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { receiptText } from '@/lib/signing/receipt-text';
import { getSignerReceipt } from '@/lib/signing/signer-receipt';

export const GET = route<{ token: string }>(
  async (_request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const receipt = await getSignerReceipt(ctx, parseParam(token, tokenParam, 'a signing token'));
    const t = await getTranslations('receipt');
    const format = await getFormatter();
    const text = receiptText(receipt, {
      label: (key, values) => t(key, values),
      dateTime: (iso) => format.dateTime(new Date(iso), { dateStyle: 'long', timeStyle: 'long' }),
    });
    return new Response(text, {
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Disposition': `attachment; filename="signet-receipt-${receipt.recordId}.txt"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { roles: 'signer-token', action: 'receipt.download', readOnly: true, limits: CEREMONY_LIMITS },
);
