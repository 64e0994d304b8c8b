import { getInclusionProof } from '@/lib/audit/read-ledger';
import { appContext } from '@/lib/context';
import { parseLedgerNumber, queryParam, route } from '@/lib/http/respond';

export const GET = route(async (request) =>
  getInclusionProof(await appContext(), parseLedgerNumber(queryParam(request, 'index'), 'index'), parseLedgerNumber(queryParam(request, 'treeSize'), 'treeSize')),
  { roles: 'public' },
);
