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
  /** The order (or the round's line of it). */
  order: Pick<PrescriptionLine, 'drug' | 'dose' | 'route'> & { frequency?: string };
  /** The outcome being recorded; the dialog is open while it is set. */
  outcome: AdministrationOutcome | null;
  busy: boolean;
  error: string | null;
  /** The dose was refused as too soon (as needed): it is given only with a reason. */
  needsReason?: boolean;
  onConfirm: (givenAt: string, note: string | null, overrideReason: string | null) => void;
  onClose: () => void;
}

/**
 * Recording a dose asks first: which order, what happened, and when (now unless changed, so a dose charted after the
 * round keeps the time it was given), with an optional note. Who records it is the logged-in clinician.
 */
export function DoseDialog({ order, outcome, busy, error, needsReason = false, onConfirm, onClose }: Props) {
  const [at, setAt] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const chosen = OUTCOMES.find((o) => o.outcome === outcome);

  useEffect(() => {
    if (outcome) {
      setAt(localInput());
      setNote('');
      setReason('');
      setProblem(null);
    }
  }, [outcome]);

  function confirm() {
    const checked = checkTakenAt(at);
    if (!checked.ok) return setProblem(checked.message);
    if (needsReason && !reason.trim()) return setProblem('Give the reason for giving this dose anyway.');
    setProblem(null);
    onConfirm(checked.at, note.trim() || null, needsReason ? reason.trim() : null);
  }

  return (
    <Modal opened={outcome !== null} onClose={onClose} title={`Record dose ${chosen?.label.toLowerCase() ?? ''}`}>
      <Stack gap="sm">
        <Text fw={600} data-testid="dose-order">
          {order.drug} {order.dose} · {order.route}
          {order.frequency ? ` · ${order.frequency}` : ''}
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
        {needsReason && (
          <TextInput
            label="Reason to give it anyway"
            placeholder="e.g. pain 9/10, reviewed by Dr Amadi"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="dose-override-reason"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            Cancel
          </Button>
          <Button
            color={needsReason ? 'orange' : chosen?.color}
            loading={busy}
            onClick={confirm}
            data-testid="dose-confirm"
          >
            {needsReason ? 'Give anyway' : `Record ${chosen?.label.toLowerCase()}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
