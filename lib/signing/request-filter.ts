import { z } from 'zod';

export const REQUEST_STATUSES = ['pending', 'opened', 'signed', 'declined', 'expired', 'cancelled'] as const;
export const REQUEST_SORTS = ['created', 'signed', 'title'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

/** Longest free-text value; a longer one is refused before it reaches the database. */
export const TEXT_MAX = 200;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant as ISO 8601 with an offset (RFC 3339 §5.6), or a calendar date, which means the whole
 * UTC day: its first millisecond for a *From, its last for a *To. Four-digit years only, so every
 * accepted value is a timestamp PostgreSQL and JavaScript both represent.
 */
function instant(end: 'from' | 'to') {
  return z
    .string()
    .trim()
    .refine((v) => DAY.test(v) || z.iso.datetime({ offset: true }).safeParse(v).success, 'expected an ISO 8601 date-time with offset such as 2026-03-01T12:00:00Z, or a date such as 2026-03-01')
    .transform((v, issue) => {
      const d = new Date(DAY.test(v) ? `${v}T${end === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : v);
      // Date() rolls 2026-02-30 over to March 2; a date must name itself exactly.
      if (Number.isNaN(d.getTime()) || (DAY.test(v) && d.toISOString().slice(0, 10) !== v)) {
        issue.addIssue({ code: 'custom', message: `expected a real calendar date, got "${v}"` });
        return z.NEVER;
      }
      return d.toISOString();
    });
}

/** Free text is matched literally (bound parameters, LIKE wildcards escaped): its content is never SQL. */
const text = (what: string) => z.string().trim().min(1).max(TEXT_MAX, `expected ${what} of at most ${TEXT_MAX} characters`);

/**
 * The history's filters, shared by GET /api/requests, the export and the history page. Every
 * filter narrows (they combine with AND). Names are the query parameters' names.
 */
export const requestFilterShape = {
  createdFrom: instant('from').optional(),
  createdTo: instant('to').optional(),
  signedFrom: instant('from').optional(),
  signedTo: instant('to').optional(),
  documentType: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a document type id such as contract (letters, digits, _ . -, at most 64)')
    .optional(),
  status: z.enum(REQUEST_STATUSES, { error: `expected one of ${REQUEST_STATUSES.join(', ')}` }).optional(),
  /** Part of any signer's name or e-mail, case-insensitive. */
  signer: text('a signer name or e-mail').optional(),
  /** The staff member or API key that created the request: its id exactly, or part of its name. */
  uploader: text('an uploader id or name').optional(),
  batch: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a batch id')
    .optional(),
  /** The document's SHA-256: 64 hex digits, or a prefix of at least 8. */
  sha256: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{8,64}$/, 'expected the document SHA-256 as hex: all 64 digits or a prefix of at least 8')
    .transform((v) => v.toLowerCase())
    .optional(),
  /** Words that must each appear in the title, a signer's name or e-mail, or a note. */
  q: text('search text').optional(),
};

const dropEmpty = (v: unknown): unknown =>
  v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== '' && x != null)) : v;

const filterObject = z.object(requestFilterShape);
export type RequestFilter = z.infer<typeof filterObject>;

/** A reversed range is a mistake to report, not an empty answer. */
function rangesInOrder(f: RequestFilter, ctx: z.RefinementCtx): void {
  for (const [from, to] of [
    ['createdFrom', 'createdTo'],
    ['signedFrom', 'signedTo'],
  ] as const) {
    const a = f[from];
    const b = f[to];
    if (a && b && a > b) ctx.addIssue({ code: 'custom', path: [to], message: `expected ${to} at or after ${from} (${a}), got ${b}` });
  }
}

export const requestFilterQuery = z.preprocess(dropEmpty, filterObject.strict().superRefine(rangesInOrder));

export const listSigningRequestsQuery = z.preprocess(
  dropEmpty,
  z
    .object({
      ...requestFilterShape,
      sort: z.enum(REQUEST_SORTS, { error: `expected sort to be one of ${REQUEST_SORTS.join(', ')}` }).default('created'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      /** The nextCursor of the previous page of the same query. */
      cursor: z.string().regex(/^[A-Za-z0-9_-]{1,1000}$/, 'expected the nextCursor of a previous page').optional(),
    })
    .strict()
    .superRefine(rangesInOrder),
);

export const EXPORT_FORMATS = ['csv', 'ndjson', 'txt', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportSigningRequestsQuery = z.preprocess(
  dropEmpty,
  z
    .object({
      ...requestFilterShape,
      sort: z.enum(REQUEST_SORTS, { error: `expected sort to be one of ${REQUEST_SORTS.join(', ')}` }).default('created'),
      format: z.enum(EXPORT_FORMATS, { error: `expected format to be one of ${EXPORT_FORMATS.join(', ')}` }).default('csv'),
    })
    .strict()
    .superRefine(rangesInOrder),
);

export type ListSigningRequestsInput = RequestFilter & { sort?: RequestSort; limit?: number; cursor?: string };
export type ExportSigningRequestsInput = RequestFilter & { sort?: RequestSort; format: ExportFormat };
