import { ROLES } from '@/lib/auth/actor';
import { staffId } from '@/lib/auth/account';
import { beginAddPasskey } from '@/lib/auth/passkeys';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const POST = route(async (_request, _params, { actor }) => beginAddPasskey(await appContext(), staffId(actor)), { roles: ROLES, action: 'passkey.add_begin' });
