import { Badge, Group, Loader, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { eventWords, newestFirst, tabOf } from '../lib/timeline';
import { usePatientQuery } from '../hooks/usePatientQuery';
import { useTauriEvent } from '../hooks/useTauriEvent';
import { ErrorMessage } from '../components/ErrorMessage';

/**
 * Everything that happened in the chart, newest first: when, what kind, what it was (the drug, the values and score,
 * the note's first words) and who did it; an entry opens the tab that holds it.
 */
export function TimelineTab({ patientId, onOpen }: { patientId: string; onOpen: (tab: string) => void }) {
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
        <UnstyledButton key={`${e.kind}-${e.id}-${i}`} onClick={() => onOpen(tabOf(e.kind))} data-testid="timeline-item" data-kind={e.kind}>
          <Paper withBorder p="xs" className="timeline-item">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
                {dateTime(e.at)}
              </Text>
              <Badge variant="light" size="sm" style={{ flexShrink: 0 }}>
                {eventWords(e.kind)}
              </Badge>
              <Text size="sm" style={{ flex: 1 }} data-testid="timeline-what">
                {e.what}
              </Text>
              {e.who && (
                <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
                  {e.who}
                </Text>
              )}
            </Group>
          </Paper>
        </UnstyledButton>
      ))}
    </Stack>
  );
}
