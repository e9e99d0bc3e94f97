import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { Conflict, Quarantined } from '../lib/types';
import { useTauriEvent } from '../hooks/useTauriEvent';
import { ErrorMessage } from '../components/ErrorMessage';

/** Sync conflicts to review and changes the server set aside (quarantine). */
export function Inbox({ onOpen }: { onOpen: (patientId: string) => void }) {
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [quarantine, setQuarantine] = useState<Quarantined[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [c, q] = await Promise.all([api.conflicts(), api.quarantine()]);
      setConflicts(c ?? []);
      setQuarantine(q ?? []);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);
  useTauriEvent('bedside://changed', () => void load());

  return (
    <Stack gap="md">
      <ErrorMessage message={error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Title order={3} mb="xs">
          Conflicts ({conflicts.length})
        </Title>
        {conflicts.length === 0 ? (
          <Text c="dimmed">No conflicting edits.</Text>
        ) : (
          <List spacing="xs" data-testid="conflict-list">
            {conflicts.map((c, i) => (
              <List.Item key={`${c.doc_id}-${c.field}-${i}`}>
                <Group gap="xs">
                  <Text>
                    Field <b>{c.field}</b> was changed on two workstations
                  </Text>
                  <Button size="xs" variant="light" onClick={() => onOpen(c.patient_id)}>
                    Open chart
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} mb="xs">
          Set aside by the server ({quarantine.length})
        </Title>
        {quarantine.length === 0 ? (
          <Text c="dimmed">Nothing set aside.</Text>
        ) : (
          <List spacing="xs" data-testid="quarantine-list">
            {quarantine.map((q) => (
              <List.Item key={q.quarantine_id}>
                <Group gap="xs">
                  <Text>{q.reason}</Text>
                  <Button size="xs" variant="light" onClick={() => onOpen(q.patient_id)}>
                    Open chart
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Card>
      </SimpleGrid>
    </Stack>
  );
}
