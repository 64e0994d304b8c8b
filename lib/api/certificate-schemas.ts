import { z } from 'zod';

/** POST /api/certificates/renew: the active certificate the administrator saw (optimistic concurrency). */
export const renewCertificateBody = z.object({ expectedActiveId: z.uuid().optional() }).strict();

/** POST /api/certificates/{id}/revoke. */
export const revokeCertificateBody = z
  .object({
    reason: z.string().trim().min(1, 'expected a reason').max(500),
    /** ISO 8601; default now. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
