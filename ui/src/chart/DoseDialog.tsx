import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { checkTakenAt, localInput } from '../lib/format';
import type { AdministrationOutcome, PrescriptionLine } from '../lib/types';
import { ErrorMessage } from '../components/ErrorMessage';

export const OUTCOMES: { outcome: AdministrationOutcome; label: string; color: string }[] = [
  { outcome: 'given', label: 'Given', color: 'teal' },
  { outcome: 'held', label: 'Held', color: 'yellow' },
  { outcome: 'refused', label: 'Refused', color: 'red' },
];

interface Props {
  order: PrescriptionLine;
  /** The outcome being recorded; the dialog is open while it is set. */
  outcome: AdministrationOutcome | null;
  busy: boolean;
  error: string | null;
  onConfirm: (givenAt: string, note: string | null) => void;
  onClose: () => void;
}

/**
 * Recording a dose asks first: which order, what happened, and when (now unless changed, so a dose charted after the
 * round keeps the time it was given), with an optional note. Who records it is the logged-in clinician.
 */
export function DoseDialog({ order, outcome, busy, error, onConfirm, onClose }: Props) {
  const [at, setAt] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = OUTCOMES.find((o) => o.outcome === outcome);

  useEffect(() => {
    if (outcome) {
      setAt(localInput());
      setNote('');
      setProblem(null);
    }
  }, [outcome]);

  function confirm() {
    const checked = checkTakenAt(at);
    if (!checked.ok) return setProblem(checked.message);
    onConfirm(checked.at, note.trim() || null);
  }

  return (
    <Modal opened={outcome !== null} onClose={onClose} title={`Record dose ${chosen?.label.toLowerCase() ?? ''}`}>
      <Stack gap="sm">
        <Text fw={600} data-testid="dose-order">
          {order.drug} {order.dose} · {order.route} · {order.frequency}
        </Text>
        <TextInput
          label={outcome === 'given' ? 'Given at' : 'At'}
          type="datetime-local"
          value={at}
          onChange={(e) => setAt(e.currentTarget.value)}
          data-testid="dose-time"
        />
        <TextInput
          label="Note (optional)"
          placeholder={outcome === 'given' ? 'e.g. site, or pain score before' : 'Why'}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="mar-note"
        />
        <ErrorMessage message={problem ?? error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button color={chosen?.color} loading={busy} onClick={confirm} data-testid="dose-confirm">
            Record {chosen?.label.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
