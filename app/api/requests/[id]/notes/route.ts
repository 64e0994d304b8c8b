import { addNoteBody } from '@/lib/api/note-schemas';
import { uuidParam } from '@/lib/api/schemas';
import { appContext } from '@/lib/context';
import { parseJson, parseParam, route } from '@/lib/http/respond';
import { addNote } from '@/lib/notes/add-note';
import { listNotes } from '@/lib/notes/list-notes';

export const GET = route<{ id: string }>(
  async (_request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    return listNotes(await appContext(), parseParam(id, uuidParam, 'a request id'), call.actor);
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'note.list', readOnly: true },
);

export const POST = route<{ id: string }>(
  async (request, { id }, call) => {
    call.operation.target = { type: 'request', id: String(id).slice(0, 80) };
    const requestId = parseParam(id, uuidParam, 'a request id');
    const { body } = await parseJson(request, addNoteBody);
    const note = await addNote(await appContext(), requestId, body, call.actor);
    call.operation.details = { noteId: note.id, length: body.length };
    return Response.json(note, { status: 201 });
  },
  { roles: ['admin', 'uploader', 'auditor'], action: 'note.create' },
);
