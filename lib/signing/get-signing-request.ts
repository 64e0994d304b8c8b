import type { Context } from '../context';
import { loadRequestView, type SigningRequestView } from './request-view';
import { markExpired } from './resolve-token';

/** One request as the staff pages show it; a lapse noticed here is recorded (once) as expired. */
export async function getSigningRequest(ctx: Context, id: string): Promise<SigningRequestView> {
  const view = await loadRequestView(ctx.db, ctx.clock.now(), id);
  if (view.status === 'expired') await markExpired(ctx, id);
  return view;
}
