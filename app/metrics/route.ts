import { appContext } from '@/lib/context';
import { readMetrics } from '@/lib/health/read-metrics';
import { route } from '@/lib/http/respond';

/**
 * Prometheus scrape endpoint (text exposition format 0.0.4). Public at the route level because a
 * scraper's METRICS_TOKEN is not an API key: readMetrics checks it, or an administrator's session.
 */
export const GET = route(
  async (request, _params, call) => {
    const metrics = await readMetrics(await appContext(), { authorization: request.headers.get('authorization'), actor: call.actor });
    return new Response(metrics.body, { headers: { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' } });
  },
  { roles: 'public', action: 'metrics.read', readOnly: true },
);
