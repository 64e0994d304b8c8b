import { getConsistencyProof } from '@/lib/audit/read-ledger';
import { appContext } from '@/lib/context';
import { parseLedgerNumber, queryParam, route } from '@/lib/http/respond';

export const GET = route(async (request) =>
  getConsistencyProof(await appContext(), parseLedgerNumber(queryParam(request, 'from'), 'from'), parseLedgerNumber(queryParam(request, 'to'), 'to')),
  { roles: 'public' },
);
