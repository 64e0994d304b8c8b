import { buildOpenApi } from '@/lib/api/openapi';
import { config } from '@/lib/env';
import { route } from '@/lib/http/respond';

export const GET = route(async () => buildOpenApi(config().origin), { roles: 'public' });
