import { getLatestCheckpoint } from '@/lib/audit/read-ledger';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const GET = route(async () => {
  const { checkpoint } = await getLatestCheckpoint(await appContext());
  return new Response(checkpoint, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}, { roles: 'public' });
