import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { dateTime } from '../lib/format';
import { OUTCOME_WORDS } from '../lib/medications';
import type { Administration, Entry } from '../lib/types';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  /** The dose being marked; the dialog is open while it is set. */
  dose: Entry<Administration> | null;
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Marking a dose entered in error asks why; the dose stays on the record, struck through, never deleted. */
export function InErrorDialog({ dose, busy, error, onConfirm, onClose }: Props) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setReason('');
    setProblem(null);
  }, [dose]);

  function confirm() {
    if (!reason.trim()) return setProblem('Say why the entry is in error (e.g. wrong patient).');
    onConfirm(reason.trim());
  }

  return (
    <Modal opened={dose !== null} onClose={onClose} title="Mark this dose entered in error?">
      {dose && (
        <Stack gap="sm">
          <Text size="sm">
            {OUTCOME_WORDS[dose.outcome] ?? dose.outcome} {dateTime(dose.at)} by {dose.by}. It stays on the record, struck
            through, with your name, the time and the reason.
          </Text>
          <TextInput
            label="Why"
            placeholder="e.g. charted against the wrong patient"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="mar-error-reason"
            data-autofocus
          />
          <ErrorMessage message={problem ?? error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red" loading={busy} onClick={confirm} data-testid="mar-error-confirm">
              Mark entered in error
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
