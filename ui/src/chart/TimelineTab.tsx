import { Badge, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { eventWords, newestFirst } from '../lib/timeline';
import { usePatientQuery } from '../hooks/usePatientQuery';
import { useTauriEvent } from '../hooks/useTauriEvent';
import { ErrorMessage } from '../components/ErrorMessage';

/** Everything that happened in the chart, newest first; loaded when the tab opens. */
export function TimelineTab({ patientId }: { patientId: string }) {
  const { data, error, loading, reload } = usePatientQuery(patientId, api.timeline);
  useTauriEvent('bedside://changed', () => void reload());

  if (loading && !data) return <Loader aria-label="Loading timeline" />;
  if (!data) return <ErrorMessage message={error ?? 'The timeline could not be loaded.'} />;

  const events = newestFirst(data);
  return (
    <Stack gap="xs">
      <ErrorMessage message={error} />
      {events.length === 0 && <Text c="dimmed">Nothing has happened in this chart yet.</Text>}
      {events.map((e, i) => (
        <Card key={`${e.kind}-${e.id}-${i}`} withBorder padding="xs" data-testid="timeline-item" data-kind={e.kind}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
              {dateTime(e.at)}
            </Text>
            <Badge variant="light" size="sm">
              {eventWords(e.kind)}
            </Badge>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
