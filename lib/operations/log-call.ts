import { ANONYMOUS, type Actor } from '../auth/actor';
import { appContext } from '../context';
import { config } from '../env';
import { isAppError } from '../errors';
import { systemRandom } from '../clock';
import { clientInfo, requestIdFor, type ClientInfo } from './client-info';
import { recordOperation, type OperationTarget, type Outcome } from './record-operation';

/** What a handler tells the operation log about its call: what it acted on, and anything worth keeping. */
export interface OperationNote {
  target?: OperationTarget | null;
  details?: Record<string, unknown> | null;
  /** Who acted, when the handler knows better than the wrapper (a signer found by their token). */
  actor?: Actor;
}

/** The operation-log half of a route call, made before the handler runs. */
export interface CallInfo {
  requestId: string;
  client: ClientInfo;
  operation: OperationNote;
}

export function startCall(request: Request): CallInfo {
  const trustProxy = config().trustProxy;
  return { requestId: requestIdFor(request, trustProxy, () => systemRandom.uuid()), client: clientInfo(request, trustProxy), operation: {} };
}

export interface LoggedRoute {
  action?: string;
  /** The route changes nothing: a success is not logged (a refusal still is). */
  readOnly?: boolean;
}

/** ok for a success, refused for a 4xx AppError (bad input, denied, rate limited), error for the rest. */
export function outcomeOf(failure: unknown): { outcome: Outcome; errorCode: string | null } {
  if (failure === null) return { outcome: 'ok', errorCode: null };
  if (isAppError(failure)) return { outcome: failure.status >= 500 ? 'error' : 'refused', errorCode: failure.code };
  return { outcome: 'error', errorCode: 'INTERNAL' };
}

/**
 * Logs a finished call: every state-changing success and every refusal or failure. A broken log
 * write is reported on the server log but never turns the caller's answer into a different one.
 */
export async function finishCall(route: LoggedRoute, call: CallInfo & { actor: Actor }, failure: unknown): Promise<void> {
  if (failure === null && (route.readOnly || !route.action)) return;
  const { outcome, errorCode } = outcomeOf(failure);
  try {
    await recordOperation(await appContext(), {
      action: route.action ?? 'unknown',
      actor: call.operation.actor ?? call.actor ?? ANONYMOUS,
      target: call.operation.target ?? null,
      outcome,
      errorCode,
      ip: call.client.ip,
      userAgent: call.client.userAgent,
      requestId: call.requestId,
      details: call.operation.details ?? null,
    });
  } catch (e) {
    console.error('[signet] could not record an operation', route.action, e);
  }
}
