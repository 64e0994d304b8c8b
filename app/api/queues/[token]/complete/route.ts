import { authenticationResponseBody, tokenParam } from '@/lib/api/schemas';
import { signBatchAndSeal } from '@/lib/batches/sign-batch-and-seal';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { CEREMONY_LIMITS } from '@/lib/rate-limit/route-limits';

export const POST = route<{ token: string }>(
  async (request, { token }, call) => {
    const t = parseParam(token, tokenParam, 'a batch queue token');
    const { response } = await parseJson(request, authenticationResponseBody);
    const done = await signBatchAndSeal(await appContext(), t, response, call.client);
    call.operation.details = { documents: done.records.length, batchId: done.batchId };
    return Response.json(done, { status: 201 });
  },
  { roles: 'signer-token', action: 'batch.sign', limits: CEREMONY_LIMITS },
);
