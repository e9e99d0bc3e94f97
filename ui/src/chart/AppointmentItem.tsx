import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime, humanize } from '../lib/format';
import type { AppointmentLine } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  appointment: AppointmentLine;
  reload: () => Promise<void>;
  /** The clinician may cancel it. */
  mayChange: boolean;
}

export function AppointmentItem({ patientId, appointment: a, reload, mayChange }: Props) {
  const { busy, error, run } = useAction();
  const cancelled = a.status === 'cancelled';

  async function cancel() {
    const ok = await run(async () => {
      await api.cancelAppointment(patientId, a.appointment_id);
      return true;
    });
    if (ok) await reload();
  }

  return (
    <Card withBorder padding="sm" data-testid="appt-item" data-status={a.status}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Group gap="xs">
              <Text fw={600} td={cancelled ? 'line-through' : undefined}>
                {a.title}
              </Text>
              <Badge size="sm" variant="light" color={a.kind === 'procedure' ? 'grape' : 'blue'}>
                {humanize(a.kind)}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed" td={cancelled ? 'line-through' : undefined}>
              {dateTime(a.starts_at)} · {a.duration_minutes} min{a.location ? ` · ${a.location}` : ''}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="outline" color={cancelled ? 'gray' : 'teal'}>
              {humanize(a.status)}
            </Badge>
            {mayChange && a.status === 'scheduled' && (
              <Button size="xs" variant="default" loading={busy} onClick={() => void cancel()} data-testid="appt-cancel">
                Cancel
              </Button>
            )}
          </Group>
        </Group>
        <ErrorMessage message={error} />
      </Stack>
    </Card>
  );
}
