type Json = Record<string, unknown>;

const instant = (description: string): Json => ({ in: 'query', description: `${description} ISO 8601 with offset, or a date (YYYY-MM-DD, the whole UTC day).`, schema: { type: 'string' } });

/** The history's filters (lib/signing/request-filter.ts), shared by listSigningRequests and exportSigningRequests. */
export const historyFilterParameters: Json[] = [
  { name: 'createdFrom', ...instant('Created at or after.') },
  { name: 'createdTo', ...instant('Created at or before; not before createdFrom.') },
  { name: 'signedFrom', ...instant('Signed at or after.') },
  { name: 'signedTo', ...instant('Signed at or before; not before signedFrom.') },
  { name: 'documentType', in: 'query', description: 'Document type id, exactly.', schema: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } },
  { name: 'status', in: 'query', schema: { type: 'string', enum: ['pending', 'opened', 'signed', 'declined', 'expired', 'cancelled'] } },
  { name: 'signer', in: 'query', description: 'Part of any signer’s name or e-mail, case-insensitive.', schema: { type: 'string', maxLength: 200 } },
  { name: 'uploader', in: 'query', description: 'The staff member or API key that created the request: its id, or part of its name.', schema: { type: 'string', maxLength: 200 } },
  { name: 'batch', in: 'query', description: 'Batch id.', schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } },
  { name: 'sha256', in: 'query', description: 'Document SHA-256: 64 hex digits, or a prefix of at least 8.', schema: { type: 'string', pattern: '^[0-9A-Fa-f]{8,64}$' } },
  { name: 'q', in: 'query', description: 'Words (split on white space) that must each appear in the title, a signer’s name or e-mail, or a note; any script, case-insensitive.', schema: { type: 'string', maxLength: 200 } },
  { name: 'sort', in: 'query', description: 'created (newest first), signed (newest first, unsigned last) or title (A→Z).', schema: { type: 'string', enum: ['created', 'signed', 'title'], default: 'created' } },
];
