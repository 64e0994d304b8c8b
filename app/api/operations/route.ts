import { appContext } from '@/lib/context';
import { parseQuery, route } from '@/lib/http/respond';
import { listOperations } from '@/lib/operations/list-operations';
import { listOperationsQuery } from '@/lib/operations/operations-query';

export const GET = route(async (request) => listOperations(await appContext(), parseQuery(request, listOperationsQuery)), {
  roles: ['admin', 'auditor'],
  action: 'operations.list',
  readOnly: true,
});
