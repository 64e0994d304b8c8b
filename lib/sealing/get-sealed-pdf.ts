import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { readAll, findSealedPdf } from './sealed-pdf-store';
import { sealRequest } from './seal-request';

export interface SealedPdfDownload {
  bytes: Uint8Array;
  fileName: string;
  sha256: string;
}

/**
 * The sealed PDF of a signed request for staff. When none is stored yet (sealing after the
 * signature is still running, or it failed, e.g. TSA_UNAVAILABLE), this is the retry: it seals
 * now, and a failure answers with its code while the request stays signed.
 */
export async function getSealedPdf(ctx: Context, requestId: string, actor?: Actor): Promise<SealedPdfDownload> {
  await assertVisible(ctx, actor, 'request', requestId, `expected an existing signing request id, got "${requestId.slice(0, 64)}"`);
  let row = await findSealedPdf(ctx, requestId);
  // A blob missing from the store (e.g. a backup that carried only the documents) is sealed again.
  if (row?.status !== 'sealed' || !row.sha256 || !(await ctx.blobs.has(row.sha256))) row = await sealRequest(ctx, requestId);
  if (!row.sha256) throw new Error(`expected the sealed PDF of ${requestId} to be stored`);
  return { bytes: await readAll(ctx, row.sha256), fileName: `signet-sealed-${requestId}.pdf`, sha256: row.sha256 };
}
