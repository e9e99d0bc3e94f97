import { useState } from 'react';
import { Badge, Button, Card, Divider, Group, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { ORDER_STATUS_COLORS } from '../lib/medications';
import type { Administration, AdministrationOutcome, Entry, PrescriptionLine } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';
import { MarList } from './MarList';

interface Props {
  patientId: string;
  order: PrescriptionLine;
  doses: Entry<Administration>[];
  reload: () => Promise<void>;
}

const OUTCOMES: { outcome: AdministrationOutcome; label: string; color: string }[] = [
  { outcome: 'given', label: 'Given', color: 'teal' },
  { outcome: 'held', label: 'Held', color: 'yellow' },
  { outcome: 'refused', label: 'Refused', color: 'red' },
];

/** One medication order with its dose buttons, "Stop", and its administration record. */
export function MedicationOrderItem({ patientId, order, doses, reload }: Props) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const active = order.status === 'active';

  async function record(outcome: AdministrationOutcome) {
    const ok = await run(async () => {
      await api.recordAdministration(patientId, order.prescription_id, outcome, note.trim() || null);
      return true;
    });
    if (ok) {
      setNote('');
      await reload();
    }
  }

  async function stop() {
    if (!reason?.trim()) return setError('Give the reason for stopping this order.');
    const ok = await run(async () => {
      await api.stopPrescription(patientId, order.prescription_id, reason.trim());
      return true;
    });
    if (ok) {
      setReason(null);
      await reload();
    }
  }

  return (
    <Card withBorder padding="sm" data-testid="med-item" data-status={order.status}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text fw={600}>
              {order.drug} {order.dose} · {order.route} · {order.frequency}
            </Text>
            <Text size="xs" c="dimmed">
              From {order.start}
              {order.end ? ` to ${order.end}` : ' (no end date)'} · prescribed by {order.prescriber}
            </Text>
          </Stack>
          <Badge variant="light" color={ORDER_STATUS_COLORS[order.status] ?? 'gray'} data-testid="med-status">
            {order.status}
          </Badge>
        </Group>
        {active && (
          <Group align="flex-end" gap="xs">
            <TextInput
              size="xs"
              label="Dose note (optional)"
              style={{ flex: 1 }}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid="mar-note"
            />
            {OUTCOMES.map((o) => (
              <Button
                key={o.outcome}
                size="xs"
                variant="light"
                color={o.color}
                loading={busy}
                onClick={() => void record(o.outcome)}
                data-testid={`mar-${o.outcome}`}
              >
                {o.label}
              </Button>
            ))}
            {reason === null && (
              <Button size="xs" variant="default" onClick={() => setReason('')} data-testid="med-stop">
                Stop
              </Button>
            )}
          </Group>
        )}
        {active && reason !== null && (
          <Group align="flex-end" gap="xs">
            <TextInput
              size="xs"
              label="Reason for stopping"
              style={{ flex: 1 }}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-testid="med-stop-reason"
            />
            <Button size="xs" variant="default" onClick={() => setReason(null)}>
              Keep order
            </Button>
            <Button size="xs" color="red" loading={busy} onClick={() => void stop()} data-testid="med-stop-confirm">
              Stop order
            </Button>
          </Group>
        )}
        <ErrorMessage message={error} />
        <Divider label="Administration record" labelPosition="left" />
        <MarList doses={doses} />
      </Stack>
    </Card>
  );
}
