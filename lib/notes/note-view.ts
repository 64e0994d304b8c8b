import { eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import { assertVisible } from '../auth/ownership';
import type { Context } from '../context';
import { AppError } from '../errors';

/** One note as the API and the request page show it. The body is plain text, never HTML. */
export interface NoteView {
  id: string;
  requestId: string;
  author: { kind: string; id: string | null; name: string };
  body: string;
  createdAt: string;
}

export const NOTE_MAX_LENGTH = 2000;

export function toNoteView(row: typeof schema.requestNotes.$inferSelect): NoteView {
  return {
    id: row.id,
    requestId: row.requestId,
    author: { kind: row.authorKind, id: row.authorId, name: row.authorName },
    body: row.body,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * NOT_FOUND unless the request exists and the actor may see it (lib/auth/ownership.ts): an uploader
 * must not learn, through its notes, that someone else's request exists.
 */
export async function assertNotableRequest(ctx: Context, requestId: string, actor: Actor | undefined): Promise<void> {
  const message = `expected an existing signing request id, got "${requestId}"`;
  await assertVisible(ctx, actor, 'request', requestId, message);
  const [row] = await ctx.db.select({ id: schema.signingRequests.id }).from(schema.signingRequests).where(eq(schema.signingRequests.id, requestId));
  if (!row) throw new AppError('NOT_FOUND', message);
}
