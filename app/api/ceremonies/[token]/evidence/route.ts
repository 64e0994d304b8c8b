import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { noteSignerCall } from '@/lib/signing/note-signer-call';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';
import { getSignerEvidence } from '@/lib/signing/signer-receipt';

export const GET = route<{ token: string }>(
  async (_request, { token }, call) => {
    const ctx = await appContext();
    await noteSignerCall(ctx, call.operation, token);
    const bundle = await getSignerEvidence(ctx, parseParam(token, tokenParam, 'a signing token'));
    return new Response(JSON.stringify(bundle, null, 2) + '\n', {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="signet-evidence-${bundle.record.id}.json"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { roles: 'signer-token', action: 'evidence.download_signer', readOnly: true, limits: CEREMONY_LIMITS },
);
