import { Badge, Group, Stack, Text } from '@mantine/core';
import { dateTime } from '../lib/format';
import { OUTCOME_WORDS } from '../lib/medications';
import type { Administration, Entry } from '../lib/types';

const OUTCOME_COLORS: Record<string, string> = { given: 'teal', held: 'yellow', refused: 'red' };

/** One order's administration record, already newest first. */
export function MarList({ doses }: { doses: Entry<Administration>[] }) {
  if (doses.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No doses recorded.
      </Text>
    );
  }
  return (
    <Stack gap={2} data-testid="mar-list">
      {doses.map((d) => (
        <Group key={d.record_id} gap="xs" data-testid="mar-entry">
          <Text size="sm">{dateTime(d.at)}</Text>
          <Badge size="sm" variant="light" color={OUTCOME_COLORS[d.outcome] ?? 'gray'}>
            {OUTCOME_WORDS[d.outcome] ?? d.outcome}
          </Badge>
          <Text size="sm" c="dimmed">
            by {d.by}
            {d.note ? ` · ${d.note}` : ''}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
