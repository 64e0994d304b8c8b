import { asc, eq } from 'drizzle-orm';
import { schema } from '@/db/client';
import type { Actor } from '../auth/actor';
import type { Context } from '../context';
import { assertNotableRequest, toNoteView, type NoteView } from './note-view';

/** A request's notes, oldest first (they read as a thread); NOT_FOUND as for the request itself. */
export async function listNotes(ctx: Context, requestId: string, actor?: Actor): Promise<{ items: NoteView[] }> {
  await assertNotableRequest(ctx, requestId, actor);
  const n = schema.requestNotes;
  const rows = await ctx.db.select().from(n).where(eq(n.requestId, requestId)).orderBy(asc(n.createdAt), asc(n.id));
  return { items: rows.map(toNoteView) };
}
