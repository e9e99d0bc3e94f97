import { Button, Card, Code, Group, Stack, Text } from '@mantine/core';
import type { Video } from '../lib/types';

interface Props {
  video: Video;
  shared: boolean;
  busy: boolean;
  opening: boolean;
  /** Records the video as shared; absent when the clinician may not. */
  onShare?: () => void;
  onOpen: () => void;
}

/** One video: "Open" plays it in the system browser; the address is also shown as text to copy. */
export function EducationVideoItem({ video, shared, busy, opening, onShare, onOpen }: Props) {
  return (
    <Card withBorder padding="sm" data-testid="video-item">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={600}>{video.title}</Text>
          <Text size="sm" c="dimmed">
            {video.channel}
          </Text>
          <Code style={{ userSelect: 'all', wordBreak: 'break-all' }} data-testid="video-url">
            {video.url}
          </Code>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" loading={opening} onClick={onOpen} data-testid="video-open">
            Open
          </Button>
          {shared ? (
            <Text size="sm" c="teal.8" data-testid="video-shared">
              Shared with the patient
            </Text>
          ) : (
            onShare && (
              <Button size="xs" variant="light" loading={busy} onClick={onShare} data-testid="video-share">
                Mark as shared
              </Button>
            )
          )}
        </Group>
      </Group>
    </Card>
  );
}
