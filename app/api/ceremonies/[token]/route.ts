import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { getCeremony } from '@/lib/signing/get-ceremony';

export const GET = route<{ token: string }>(async (_request, { token }) => getCeremony(await appContext(), parseParam(token, tokenParam, 'a signing token')), { roles: 'signer-token', action: 'request.open' });
