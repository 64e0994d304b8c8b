import { z } from 'zod';

/** Input shapes of the batch API (lib/batches), shared by the route handlers and the OpenAPI document. */
const signer = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(254).nullish(),
  step: z.number().int().min(1).max(20).optional(),
});
const order = z.enum(['sequential', 'parallel']).optional();

const batchDocument = z.object({
  documentId: z.string().uuid(),
  title: z.string().trim().min(1).max(200).optional(),
  documentType: z.string().min(1).max(64).optional(),
  priority: z.string().max(16).optional().describe('urgent, high, normal (default) or low; anything else is PRIORITY_UNKNOWN.'),
  position: z.number().int().min(0).max(10_000).optional(),
  signers: z.array(signer).max(100).optional(),
  order,
});

export const batchDocumentsBody = z.object({
  // Longer lists are let through so that the domain answers BATCH_TOO_LARGE with its clear message.
  documents: z.array(batchDocument).max(5_000).describe('1 to 500 uploaded documents (BATCH_EMPTY, BATCH_TOO_LARGE).'),
  signers: z.array(signer).max(100).optional().describe('The signers of every document that names none of its own.'),
  order,
  manifest: z.string().max(2_000_000).optional().describe('CSV with the columns file, title, type, priority, signer name, email (MANIFEST_INVALID names each bad line).'),
  expiresInHours: z.number().positive().max(24 * 90).optional(),
  requestedBy: z.string().trim().max(200).nullish(),
});

export const createBatchBody = batchDocumentsBody.extend({ name: z.string().trim().min(1).max(200) });

export const reorderBatchBody = z.object({
  order: z.array(z.object({ requestId: z.string().uuid(), priority: z.string().max(16).optional() })).max(5_000),
});

export const listBatchesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

export const beginBatchSigningBody = z.object({
  requestIds: z.array(z.string().uuid()).max(5_000).describe('The documents the phone checked, in the order to approve them.'),
});
