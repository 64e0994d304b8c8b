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

/** POST /api/certificates/csr/{id}/chain: the PEM chain the CA issued for the request. */
export const importChainBody = z.object({ pem: z.string().min(1).max(200_000), expectedActiveId: z.uuid().optional() }).strict();

/** POST /api/certificates/pkcs12: the .p12/.pfx file as standard base64, and its password. */
export const importPkcs12Body = z
  .object({ p12: z.string().min(1).max(400_000).regex(/^[A-Za-z0-9+/]+=*$/, 'expected standard base64'), password: z.string().max(1000), expectedActiveId: z.uuid().optional() })
  .strict();

/** POST /api/certificates/pkcs12/export: the password to encrypt the backup with (checked by exportPkcs12, ≥ 8 characters). */
export const exportPkcs12Body = z.object({ password: z.string().max(1000).optional() }).strict();
