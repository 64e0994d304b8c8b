import { appContext } from '@/lib/context';
import { errorBody, isAppError } from '@/lib/errors';
import { checkHealth } from '@/lib/health/check-health';
import { route } from '@/lib/http/respond';

/**
 * 200 {"status":"ok"} once the server has started; 503 {"status":"starting", "error": {…STARTING}}
 * before (answered, not thrown, so the operation log is not written on every poll of a starting
 * instance).
 */
export const GET = route(
  async () => {
    try {
      return await checkHealth(appContext);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'STARTING') throw e;
      return Response.json({ status: 'starting', ...errorBody(e) }, { status: 503, headers: { 'Cache-Control': 'no-store', 'Retry-After': '1' } });
    }
  },
  { roles: 'public', action: 'health.check', readOnly: true },
);
