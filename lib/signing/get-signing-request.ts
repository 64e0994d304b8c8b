import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { loadRequestView, type SigningRequestView } from './request-view';
import { markExpired } from './resolve-token';

/**
 * One request as the staff pages show it; a lapse noticed here is recorded (once) as expired. An
 * uploader sees only their own: another's id answers exactly as a missing one.
 */
export async function getSigningRequest(ctx: Context, id: string, actor?: Actor): Promise<SigningRequestView> {
  await assertVisible(ctx, actor, 'request', id, `expected an existing signing request id, got "${id}"`);
  const view = await loadRequestView(ctx.db, ctx.clock.now(), id);
  if (view.status === 'expired') await markExpired(ctx, id);
  return view;
}
