import { useRef, useState } from 'react';
import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { humanize } from '../lib/format';
import { saveAndSign, saveDraft } from '../lib/notes';
import { errorMessage } from '../lib/errors';
import type { NoteKind } from '../lib/types';
import { ErrorMessage } from '../components/ErrorMessage';
import type { EditingNote } from './NotesTab';

interface Props {
  patientId: string;
  value: EditingNote;
  onChange: (v: EditingNote | ((prev: EditingNote) => EditingNote)) => void;
  reload: () => Promise<void>;
  /** The kinds of note the clinician may write, their own first. */
  kinds: NoteKind[];
  /** Called once a note is signed. */
  onSigned?: () => void;
}

/**
 * Writes a note. Saves and signs run one after another in the order clicked (a quick
 * "Save draft" then "Sign" must not begin two notes), so the buttons stay enabled.
 */
export function NoteEditor({ patientId, value, onChange, reload, kinds, onSigned }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const noteId = useRef<string | null>(value.noteId);
  noteId.current = value.noteId ?? noteId.current;
  if (value.noteId === null && pending === 0) noteId.current = null;

  function enqueue(step: () => Promise<void>) {
    setPending((n) => n + 1);
    queue.current = queue.current
      .then(step)
      .catch((err) => setError(errorMessage(err)))
      .finally(() => setPending((n) => n - 1));
  }

  function save() {
    const { kind, text } = value;
    if (!text.trim()) return setError('Write something before saving.');
    setError(null);
    enqueue(async () => {
      const id = await saveDraft(patientId, noteId.current, kind, text);
      noteId.current = id;
      onChange((prev) => ({ ...prev, noteId: id }));
      setSaved(true);
      await reload();
    });
  }

  function sign() {
    const { kind, text } = value;
    if (!text.trim()) return setError('Write something before signing.');
    setError(null);
    enqueue(async () => {
      await saveAndSign(patientId, noteId.current, kind, text);
      noteId.current = null;
      onChange((prev) => ({ noteId: null, kind: prev.kind, text: '' }));
      setSaved(false);
      await reload();
      onSigned?.();
    });
  }

  const choices = kinds.includes(value.kind) ? kinds : [value.kind, ...kinds];

  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{value.noteId ? 'Continue draft note' : 'New note'}</Title>
          {pending > 0 ? (
            <Text size="sm" c="dimmed">
              Saving…
            </Text>
          ) : (
            saved &&
            value.noteId && (
              <Text size="sm" c="teal.8">
                Draft saved
              </Text>
            )
          )}
        </Group>
        <NativeSelect
          label="Kind of note"
          w={240}
          disabled={value.noteId !== null}
          data={choices.map((k) => ({ value: k, label: humanize(k) }))}
          value={value.kind}
          onChange={(e) => onChange({ ...value, kind: e.currentTarget.value as NoteKind })}
          data-testid="note-kind"
        />
        <Textarea
          label="Note"
          autosize
          minRows={4}
          maxRows={14}
          value={value.text}
          onChange={(e) => {
            setSaved(false);
            onChange({ ...value, text: e.currentTarget.value });
          }}
          data-testid="note-text"
          data-autofocus
        />
        <ErrorMessage message={error} onClose={() => setError(null)} />
        <Group justify="flex-end">
          {value.noteId && (
            <Button
              variant="subtle"
              onClick={() => {
                onChange({ noteId: null, kind: value.kind, text: '' });
                setSaved(false);
              }}
            >
              Start a new note
            </Button>
          )}
          <Button variant="default" onClick={save} data-testid="note-save">
            Save draft
          </Button>
          <Button onClick={sign} data-testid="note-sign">
            Sign
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
