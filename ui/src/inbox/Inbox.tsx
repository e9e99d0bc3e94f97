import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api } from '../lib/api';
import { useWardQuery } from '../hooks/useWardQuery';
import { ErrorMessage } from '../components/ErrorMessage';
import { ConflictItem } from './ConflictItem';
import { QuarantineItem } from './QuarantineItem';

async function loadInbox() {
  const [conflicts, quarantine] = await Promise.all([api.conflicts(), api.quarantine()]);
  return { conflicts: conflicts ?? [], quarantine: quarantine ?? [] };
}

/** Sync conflicts to settle and changes the server set aside (quarantine). */
export function Inbox({ onOpen }: { onOpen: (patientId: string) => void }) {
  const { data, error, reload: load } = useWardQuery(loadInbox);
  const conflicts = data?.conflicts ?? [];
  const quarantine = data?.quarantine ?? [];

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
            <Stack gap="xs" data-testid="conflict-list">
              {conflicts.map((c) => (
                <ConflictItem key={`${c.doc_id}/${c.path}`} conflict={c} onOpen={onOpen} onResolved={load} />
              ))}
            </Stack>
          )}
        </Card>
        <Card withBorder>
          <Title order={3} mb="xs">
            Set aside by the server ({quarantine.length})
          </Title>
          {quarantine.length === 0 ? (
            <Text c="dimmed">Nothing set aside.</Text>
          ) : (
            <Stack gap="xs" data-testid="quarantine-list">
              {quarantine.map((q) => (
                <QuarantineItem key={q.quarantine_id} item={q} onOpen={onOpen} onSettled={load} />
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
