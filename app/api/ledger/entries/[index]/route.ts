import { getLedgerEntry } from '@/lib/audit/read-ledger';
import { appContext } from '@/lib/context';
import { parseLedgerNumber, route } from '@/lib/http/respond';

export const GET = route<{ index: string }>(async (_request, { index }) => getLedgerEntry(await appContext(), parseLedgerNumber(index, 'index')), { roles: 'public' });
