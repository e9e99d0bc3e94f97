import { Group, Progress, Stack, Text } from '@mantine/core';
import { describeProgress } from '../lib/progress';
import type { SyncProgress } from '../lib/types';

interface Props {
  progress: SyncProgress | null;
  /** `inline` fits the status bar; `block` puts the words under a wide bar. */
  layout?: 'inline' | 'block';
  'data-testid'?: string;
}

/** "Fetching charts: 120 of 400 · 2.3 MB" with its bar; nothing when no charts are coming. */
export function SyncProgressBar({ progress, layout = 'inline', 'data-testid': testId = 'sync-progress' }: Props) {
  const bar = describeProgress(progress);
  if (!bar) return null;
  const meter = (
    <Progress
      value={bar.percent}
      size={layout === 'inline' ? 'sm' : 'lg'}
      w={layout === 'inline' ? 140 : '100%'}
      animated
      aria-label="Charts fetched"
    />
  );
  const words = (
    <Text size={layout === 'inline' ? 'xs' : 'sm'} truncate>
      {bar.text}
    </Text>
  );
  return layout === 'inline' ? (
    <Group gap="xs" wrap="nowrap" data-testid={testId} style={{ minWidth: 0 }}>
      {meter}
      {words}
    </Group>
  ) : (
    <Stack gap={6} data-testid={testId}>
      {meter}
      {words}
    </Stack>
  );
}
