import { Button, Group, Text } from '@mantine/core';
import { api } from '../lib/api';
import { describeSync } from '../lib/sync';
import { plural } from '../lib/format';
import type { Status, SyncProgress } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { SyncProgressBar } from './SyncProgressBar';

const COLORS = { synced: 'teal.8', attention: 'orange.8', pending: 'orange.8', syncing: 'blue.8', offline: 'gray.8', error: 'red.8' } as const;

interface Props {
  status: Status;
  refresh: () => Promise<void> | void;
  /** The latest progress of the sync under way, if any. */
  progress?: SyncProgress | null;
}

/** Always-visible sync state in plain words, with progress while charts arrive and a "Sync now" button. */
export function StatusBar({ status, refresh, progress = null }: Props) {
  const { state, text } = describeSync(status, progress !== null);
  const { busy, error, run } = useAction();

  const syncNow = () =>
    run(async () => {
      try {
        await api.syncNow();
      } finally {
        await refresh();
      }
    });

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Text
          size="sm"
          fw={600}
          c={COLORS[state]}
          data-testid="sync-status"
          data-state={state}
          role="status"
          aria-live="polite"
          truncate
        >
          {text}
        </Text>
        {state === 'syncing' && <SyncProgressBar progress={progress} />}
        {error && (
          <Text size="sm" c="red.8" data-testid="error-message" role="alert" truncate>
            Sync failed: {error}
          </Text>
        )}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Text size="xs" c="dimmed" visibleFrom="sm">
          {status.wards.length ? `Wards ${status.wards.join(', ')}` : ''}
          {status.documents_due > 0 ? ` · ${plural(status.documents_due, 'document', 'documents')} to fetch` : ''}
        </Text>
        <Button size="xs" variant="light" onClick={() => void syncNow()} loading={busy || status.syncing} data-testid="sync-now">
          Sync now
        </Button>
      </Group>
    </Group>
  );
}
