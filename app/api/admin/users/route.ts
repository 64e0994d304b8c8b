import { listStaffUsers } from '@/lib/auth/users';
import { appContext } from '@/lib/context';
import { route } from '@/lib/http/respond';

export const GET = route(async () => ({ users: await listStaffUsers(await appContext()) }), { roles: ['admin'], action: 'user.list', readOnly: true });
