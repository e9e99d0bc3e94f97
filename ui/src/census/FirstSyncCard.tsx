import { Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { describeProgress } from '../lib/progress';
import type { SyncProgress } from '../lib/types';
import { SyncProgressBar } from '../components/SyncProgressBar';

/** Shown while a new workstation fetches its wards for the first time. */
export function FirstSyncCard({ progress }: { progress: SyncProgress | null }) {
  return (
    <Card withBorder padding="lg" data-testid="first-sync">
      <Stack gap="sm">
        <Title order={3}>Bringing the ward to this workstation</Title>
        <Text size="sm">
          The charts of your wards are being fetched from the server. Patients appear in the list as soon as this is done;
          you can keep this screen open.
        </Text>
        {describeProgress(progress) ? (
          <SyncProgressBar progress={progress} layout="block" data-testid="first-sync-progress" />
        ) : (
          <Group gap="xs">
            <Loader size="xs" aria-label="Contacting the server" />
            <Text size="sm" c="dimmed">
              Contacting the server…
            </Text>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
