import { tokenParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseParam, route } from '@/lib/http/respond';
import { beginSigning } from '@/lib/signing/begin-signing';

export const POST = route<{ token: string }>(async (_request, { token }) => beginSigning(await appContext(), parseParam(token, tokenParam, 'a signing token')), { roles: 'signer-token', action: 'ceremony.begin' });
