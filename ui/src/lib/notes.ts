import { api } from './api';
import type { NoteKind } from './types';

export const NOTE_KINDS: NoteKind[] = ['progress', 'nursing', 'operative', 'discharge'];

/** First save begins the note; later saves write to the same draft. Returns the note id. */
export async function saveDraft(patientId: string, noteId: string | null, kind: NoteKind, text: string): Promise<string> {
  if (noteId === null) return api.beginNote(patientId, kind, text);
  await api.writeNote(patientId, noteId, text);
  return noteId;
}

/** Saves what is in the editor, then signs it. Returns the signed note's id. */
export async function saveAndSign(patientId: string, noteId: string | null, kind: NoteKind, text: string): Promise<string> {
  const id = await saveDraft(patientId, noteId, kind, text);
  await api.signNote(patientId, id);
  return id;
}
