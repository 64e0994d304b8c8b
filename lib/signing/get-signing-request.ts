import type { Context } from '../context';
import { loadRequestView, type SigningRequestView } from './request-view';

export async function getSigningRequest(ctx: Context, id: string): Promise<SigningRequestView> {
  return loadRequestView(ctx.db, ctx.clock.now(), id);
}
