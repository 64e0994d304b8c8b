import { z } from 'zod';
import { OUTCOMES } from './record-operation';

const ACTOR_KINDS = ['staff', 'api_key', 'signer', 'system', 'anonymous'] as const;

/** Free-text filter values: matched literally (bound parameters), so their content is never SQL. */
const text = z.string().trim().min(1).max(200);
const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-03-01T12:00:00Z' });

/**
 * The filters of the operation log, shared by the page, GET /api/operations and the export.
 * Empty query parameters (an untouched form field) mean "no filter".
 */
export const operationFilterShape = {
  from: instant.optional(),
  to: instant.optional(),
  actorKind: z.enum(ACTOR_KINDS, { error: `expected one of ${ACTOR_KINDS.join(', ')}` }).optional(),
  /** An actor id or name, exactly. */
  actor: text.optional(),
  /** An action name exactly, or a family with a trailing ".*" (e.g. request.*). */
  action: text.optional(),
  targetType: text.optional(),
  targetId: text.optional(),
  outcome: z.enum(OUTCOMES as [string, ...string[]], { error: 'expected ok, refused or error' }).optional(),
};

const dropEmpty = (v: unknown): unknown =>
  v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== '' && x != null)) : v;

export const operationFilterQuery = z.preprocess(dropEmpty, z.object(operationFilterShape).strict());

export const listOperationsQuery = z.preprocess(
  dropEmpty,
  z
    .object({
      ...operationFilterShape,
      limit: z.coerce.number().int().min(1).max(200).default(50),
      /** The nextCursor of the previous page. */
      cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'expected the nextCursor of a previous page').optional(),
    })
    .strict(),
);

export const exportOperationsQuery = z.preprocess(
  dropEmpty,
  z.object({ ...operationFilterShape, format: z.enum(['csv', 'json'], { error: 'expected csv or json' }).default('csv') }).strict(),
);

export type OperationFilter = z.infer<z.ZodObject<typeof operationFilterShape>>;
export type ListOperationsInput = OperationFilter & { limit: number; cursor?: string };
