import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { AppError } from '../errors';
import { assertNotableRequest, NOTE_MAX_LENGTH, toNoteView, type NoteView } from './note-view';

/**
 * Adds a note to a signing request. Notes are append-only: there is no edit or delete
 * verb, so what an auditor wrote stays as written. The body is stored exactly as sent (only checked
 * for length), and every page renders it as text.
 */
export async function addNote(ctx: Context, requestId: string, body: string, actor?: Actor): Promise<NoteView> {
  if (typeof body !== 'string' || body.trim().length === 0) {
    throw new AppError('VALIDATION_FAILED', 'expected a note body with at least one non-space character, got an empty one');
  }
  if (body.length > NOTE_MAX_LENGTH) {
    throw new AppError('VALIDATION_FAILED', `expected a note body of at most ${NOTE_MAX_LENGTH} characters, got ${body.length}`);
  }
  await assertNotableRequest(ctx, requestId, actor);
  const author =
    actor && (actor.kind === 'staff' || actor.kind === 'api_key')
      ? { authorKind: actor.kind, authorId: actor.id, authorName: actor.name }
      : { authorKind: 'system', authorId: null, authorName: actor?.kind === 'system' ? actor.name : 'system' };
  const [row] = await ctx.db
    .insert(schema.requestNotes)
    .values({ id: ctx.random.uuid(), requestId, ...author, body, createdAt: ctx.clock.now() })
    .returning();
  return toNoteView(row!);
}
