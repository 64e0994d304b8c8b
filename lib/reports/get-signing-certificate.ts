import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { renderSigningCertificate, type CertificateView } from './render-signing-certificate';
import { signingCertificateFacts } from './signing-certificate-facts';

export interface SigningCertificateDownload {
  bytes: Uint8Array;
  fileName: string;
}

/** The signing certificate PDF of a signed request, for anyone who may read the request. */
export async function getSigningCertificate(ctx: Context, requestId: string, view: CertificateView, actor?: Actor): Promise<SigningCertificateDownload> {
  const facts = await signingCertificateFacts(ctx, requestId, actor);
  return { bytes: await renderSigningCertificate(facts, view), fileName: `signet-certificate-${requestId}-${view.locale}.pdf` };
}
