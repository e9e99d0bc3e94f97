import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import type { NoteKind, NoteLine } from '../lib/types';
import { NoteEditor } from './NoteEditor';
import { NoteItem } from './NoteItem';

interface Props {
  patientId: string;
  notes: NoteLine[];
  reload: () => Promise<void>;
}

export interface EditingNote {
  noteId: string | null;
  kind: NoteKind;
  text: string;
}

export function NotesTab({ patientId, notes, reload }: Props) {
  const [editing, setEditing] = useState<EditingNote>({ noteId: null, kind: 'progress', text: '' });

  return (
    <Stack gap="md">
      <NoteEditor patientId={patientId} value={editing} onChange={setEditing} reload={reload} />
      {notes.length === 0 ? (
        <Text c="dimmed">No notes yet.</Text>
      ) : (
        <Stack gap="sm">
          {notes.map((n) => (
            <NoteItem
              key={n.note_id}
              patientId={patientId}
              note={n}
              editing={editing.noteId === n.note_id}
              onEdit={() => setEditing({ noteId: n.note_id, kind: n.kind as NoteKind, text: n.body })}
              reload={reload}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
