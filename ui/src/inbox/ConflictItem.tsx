import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { fieldLabel, valueText, writtenBy } from '../lib/inbox';
import type { Conflict, FieldValue } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  conflict: Conflict;
  onOpen: (patientId: string) => void;
  onResolved: () => Promise<void>;
}

/** A field changed on two workstations at once: keep one of its values. */
export function ConflictItem({ conflict, onOpen, onResolved }: Props) {
  const { busy, error, run } = useAction();

  async function keep(value: FieldValue) {
    const ok = await run(async () => {
      await api.resolveConflict(conflict.doc_id, conflict.path, value);
      return true;
    });
    if (ok) await onResolved();
  }

  return (
    <Card withBorder padding="sm" data-testid="conflict-item">
      <Stack gap="xs">
        <Text size="sm" fw={700} data-testid="conflict-patient">
          {conflict.patient_name ?? 'A patient no longer on this workstation'}
          {conflict.bed ? ` · bed ${conflict.bed}` : ''}
        </Text>
        <Text>
          <b>{fieldLabel(conflict.path)}</b> was changed on two workstations at once. Which value is right?
        </Text>
        <Group gap="md" align="flex-start">
          {conflict.values.map((value, i) => (
            <Stack key={i} gap={2}>
              <Button
                size="xs"
                variant="default"
                disabled={busy}
                onClick={() => void keep(value)}
                data-testid="conflict-keep"
              >
                Keep {valueText(value)}
              </Button>
              <Text size="xs" c="dimmed" data-testid="conflict-written">
                {writtenBy(conflict.written[i])}
              </Text>
            </Stack>
          ))}
          <Button size="xs" variant="default" onClick={() => onOpen(conflict.patient_id)}>
            Open chart
          </Button>
        </Group>
        <ErrorMessage message={error} />
      </Stack>
    </Card>
  );
}
