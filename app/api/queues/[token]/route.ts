import { tokenParam } from '@/lib/api/schemas';
import { getBatchQueue } from '@/lib/batches/get-batch-queue';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';

export const GET = route<{ token: string }>(
  async (_request, { token }) => getBatchQueue(await appContext(), parseParam(token, tokenParam, 'a batch queue token')),
  { roles: 'signer-token', action: 'batch.queue', readOnly: true },
);
