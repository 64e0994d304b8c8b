import { registrationResponseBody, tokenParam } from '@/lib/api/schemas';
import { finishBatchRegistration } from '@/lib/batches/finish-batch-registration';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route<{ token: string }>(
  async (request, { token }) => {
    const t = parseParam(token, tokenParam, 'a batch queue token');
    const { response } = await parseJson(request, registrationResponseBody);
    return Response.json(await finishBatchRegistration(await appContext(), t, response), { status: 201 });
  },
  { roles: 'signer-token', action: 'batch.passkey_register', limits: CEREMONY_LIMITS },
);
