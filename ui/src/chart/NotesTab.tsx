import { useState } from 'react';
import { Stack, Text } from '@mantine/core';
import type { NoteKind, NoteLine } from '../lib/types';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';
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
  const may = usePermissions();
  const kinds = may.note_kinds;
  const [editing, setEditing] = useState<EditingNote>({ noteId: null, kind: kinds[0] ?? 'progress', text: '' });
  const [writing, setWriting] = useState(false);

  return (
    <Stack gap="md">
      {kinds.length > 0 && (
        <SidePanel label="Write a note" testId="note-open" opened={writing} onOpenedChange={setWriting}>
          {() => (
            <NoteEditor
              patientId={patientId}
              value={editing}
              onChange={setEditing}
              reload={reload}
              kinds={kinds}
              onSigned={() => setWriting(false)}
            />
          )}
        </SidePanel>
      )}
      {notes.length === 0 ? (
        <Text c="dimmed">No notes yet.</Text>
      ) : (
        <Stack gap="sm">
          {notes.map((n) => (
            <NoteItem
              key={n.note_id}
              patientId={patientId}
              note={n}
              editing={writing && editing.noteId === n.note_id}
              mayWrite={kinds.includes(n.kind as NoteKind)}
              onEdit={() => {
                setEditing({ noteId: n.note_id, kind: n.kind as NoteKind, text: n.body });
                setWriting(true);
              }}
              reload={reload}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
