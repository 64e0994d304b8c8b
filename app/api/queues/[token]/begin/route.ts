import { beginBatchSigningBody } from '@/lib/api/batch-schemas';
import { tokenParam } from '@/lib/api/schemas';
import { beginBatchSigning } from '@/lib/batches/begin-batch-signing';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';

export const POST = route<{ token: string }>(
  async (request, { token }, call) => {
    const { requestIds } = await parseJson(request, beginBatchSigningBody);
    call.operation.details = { documents: requestIds.length };
    return beginBatchSigning(await appContext(), parseParam(token, tokenParam, 'a batch queue token'), requestIds);
  },
  { roles: 'signer-token', action: 'batch.sign_begin' },
);
