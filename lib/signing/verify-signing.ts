import { and, eq } from 'drizzle-orm';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { decodeB64url, readClientData } from '../webauthn/check-response';
import { consumeChallenge } from './consume-challenge';
import { assertSignable, type TokenRequest } from './resolve-token';
import type { VerifiedSigning } from './signed-record';
import { assertionFacts, verifyPasskeyAssertion } from './verify-assertion';

export interface SigningMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * The verify stage: takes the statement challenge out of circulation (consumeChallenge), checks the
 * ceremony (type, origin, RP ID, flags) and the assertion signature against the signer's registered
 * passkey, and reads what the record states about the document and the signer. Writes nothing but
 * the challenge's consumption; the caller gives the challenge back when a later stage fails on the
 * organisation's side.
 */
export async function verifySigning(ctx: Context, request: TokenRequest, response: AuthenticationResponseJSON, meta: SigningMeta): Promise<VerifiedSigning> {
  const clientData = readClientData(response.response.clientDataJSON);
  const authenticatorData = decodeB64url(response.response.authenticatorData, 'authenticatorData');
  decodeB64url(response.response.signature, 'signature');
  if (response.response.userHandle != null) decodeB64url(response.response.userHandle, 'userHandle');
  const challenge = await consumeChallenge(ctx, clientData.challenge, { requestId: request.id, signerId: request.signerId, kind: 'signing' });
  // One round trip for what the record states: the passkey (only if it is this signer's), the
  // signer and the document's digest.
  const [found] = await ctx.db
    .select({ signer: schema.signers, credential: schema.credentials, documentSha256: schema.documents.sha256 })
    .from(schema.signers)
    .innerJoin(schema.documents, eq(schema.documents.id, request.documentId))
    .leftJoin(schema.credentials, and(eq(schema.credentials.id, String(response.id)), eq(schema.credentials.signerId, schema.signers.id)))
    .where(eq(schema.signers.id, request.signerId));
  if (!found) throw new AppError('INTERNAL', `expected the request's signer ${request.signerId} and document ${request.documentId} to exist; they do not`);
  const { signer, documentSha256 } = found;
  const expected = { challenge: challenge.challenge, signerId: request.signerId, what: "this request's signer", credential: found.credential };
  const { credential, info } = await verifyPasskeyAssertion(ctx, response, clientData, authenticatorData, expected, async () => {
    // A concurrent submission for this request may have won and raised the counter first: then
    // the honest answer is the request's new state, not a cloned-key warning.
    const [current] = await ctx.db.select().from(schema.signingRequests).where(eq(schema.signingRequests.id, request.id));
    if (current) assertSignable(current);
  });
  const statement = challenge.statement;
  if (!statement) throw new AppError('INTERNAL', 'expected the signing challenge to carry its statement');

  return {
    recordId: ctx.random.uuid(),
    request,
    challenge,
    statement,
    ...assertionFacts(response, credential, info),
    signer: { id: signer.id, name: signer.displayName, email: signer.email },
    documentSha256,
    origin: clientData.origin,
    rpId: ctx.config.rpId,
    signedAt: ctx.clock.now(),
    ip: meta.ip,
    userAgent: meta.userAgent,
  };
}
