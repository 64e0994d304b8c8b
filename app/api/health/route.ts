import { appContext } from '@/lib/context';
import { checkHealth } from '@/lib/health/check-health';
import { route } from '@/lib/http/respond';

export const GET = route(async () => checkHealth(appContext), { roles: 'public' });
