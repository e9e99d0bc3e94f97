import { useState } from 'react';
import { Badge, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime, humanize } from '../lib/format';
import type { NoteLine } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  note: NoteLine;
  editing: boolean;
  /** The clinician may write notes of this kind (continue the draft, add an addendum). */
  mayWrite: boolean;
  onEdit: () => void;
  reload: () => Promise<void>;
}

export function NoteItem({ patientId, note, editing, mayWrite, onEdit, reload }: Props) {
  const [addendum, setAddendum] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const signed = note.status === 'signed';

  async function saveAddendum() {
    if (!addendum?.trim()) return setError('Write the addendum first.');
    const ok = await run(async () => {
      await api.addAddendum(patientId, note.note_id, addendum.trim());
      return true;
    });
    if (ok) {
      setAddendum(null);
      await reload();
    }
  }

  return (
    <Card withBorder padding="sm" data-testid="note-item" data-status={note.status}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>{humanize(note.kind)} note</Text>
            <Text size="sm" c="dimmed">
              by {note.author}
            </Text>
          </Group>
          <Badge color={signed ? 'teal' : 'orange'} variant="light" data-testid="note-status">
            {note.status}
          </Badge>
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
        {signed ? (
          <Text size="sm" c="dimmed">
            Signed by {note.signed_by ?? note.author} at {dateTime(note.signed_at)}
          </Text>
        ) : null}
        {addendum !== null && (
          <Textarea
            label="Addendum"
            autosize
            minRows={2}
            value={addendum}
            onChange={(e) => setAddendum(e.currentTarget.value)}
            data-testid="addendum-text"
          />
        )}
        <ErrorMessage message={error} />
        <Group justify="flex-end" gap="xs">
          {!signed && mayWrite && (
            <Button size="xs" variant="light" onClick={onEdit} disabled={editing} data-testid="note-continue">
              {editing ? 'Being edited' : 'Continue editing'}
            </Button>
          )}
          {signed && mayWrite && addendum === null && (
            <Button size="xs" variant="light" onClick={() => setAddendum('')} data-testid="addendum-open">
              Add addendum
            </Button>
          )}
          {signed && addendum !== null && (
            <>
              <Button size="xs" variant="default" onClick={() => setAddendum(null)}>
                Cancel
              </Button>
              <Button size="xs" onClick={() => void saveAddendum()} loading={busy} data-testid="addendum-save">
                Save addendum
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
