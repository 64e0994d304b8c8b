import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Context } from '../context';
import { AppError } from '../errors';
import { bindPasskey, type RegisteredPasskey } from '../signing/finish-registration';
import { readClientData } from '../webauthn/check-response';
import { resolveQueueToken } from './get-batch-queue';

/**
 * Verifies the passkey registration a batch begin asked for (a signer without a passkey) and binds
 * it to the queue's signer, as a single document's link does (lib/signing/finish-registration.ts):
 * the challenge must have been issued to this signer for a document of this batch.
 */
export async function finishBatchRegistration(ctx: Context, token: string, response: RegistrationResponseJSON): Promise<RegisteredPasskey> {
  const { batchId, signerId } = await resolveQueueToken(ctx, token);
  const clientData = readClientData(response.response.clientDataJSON);
  const [row] = await ctx.db
    .select({ requestId: schema.challenges.requestId, batchId: schema.batchDocuments.batchId })
    .from(schema.challenges)
    .leftJoin(schema.batchDocuments, eq(schema.batchDocuments.requestId, schema.challenges.requestId))
    .where(eq(schema.challenges.challenge, clientData.challenge));
  if (row && row.batchId !== batchId) throw new AppError('CHALLENGE_OTHER_REQUEST', 'expected a registration challenge issued for a document of this batch; this one was issued elsewhere');
  return bindPasskey(ctx, { requestId: row?.requestId ?? '', signerId }, response);
}
