import { useState } from 'react';
import { Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import type { Quarantined } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  item: Quarantined;
  onOpen: (patientId: string) => void;
  onSettled: () => Promise<void>;
}

/** Edits the server refused: apply them again (once the cause is dealt with) or throw them away. */
export function QuarantineItem({ item, onOpen, onSettled }: Props) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();

  async function settle(step: () => Promise<unknown>) {
    const ok = await run(async () => {
      await step();
      return true;
    });
    setConfirming(false);
    if (ok) await onSettled();
  }

  return (
    <Card withBorder padding="sm" data-testid="quarantine-item">
      <Stack gap="xs">
        <Text>{item.message}</Text>
        <Text size="xs" c="dimmed">
          Set aside {dateTime(item.at)}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            loading={busy}
            onClick={() => void settle(() => api.reapplyQuarantined(item.quarantine_id))}
            data-testid="quarantine-reapply"
          >
            Re-apply
          </Button>
          <Button size="xs" variant="light" color="red" disabled={busy} onClick={() => setConfirming(true)} data-testid="quarantine-discard">
            Discard
          </Button>
          <Button size="xs" variant="default" onClick={() => onOpen(item.patient_id)}>
            Open chart
          </Button>
        </Group>
        <ErrorMessage message={error} />
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Discard these changes?">
        <Stack gap="sm">
          <Text size="sm">
            The changes the server set aside will be thrown away on this workstation. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Keep them
            </Button>
            <Button
              color="red"
              loading={busy}
              onClick={() => void settle(() => api.discardQuarantined(item.quarantine_id))}
              data-testid="quarantine-discard-confirm"
            >
              Discard
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
