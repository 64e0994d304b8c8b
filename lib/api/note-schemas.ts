import { z } from 'zod';
import { NOTE_MAX_LENGTH } from '../notes/note-view';

/** POST /api/requests/{id}/notes: plain text, stored exactly as sent (a blank body is refused by lib/notes). */
export const addNoteBody = z.object({ body: z.string().min(1).max(NOTE_MAX_LENGTH) }).strict();
