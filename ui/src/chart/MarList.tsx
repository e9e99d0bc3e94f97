import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { dateTime } from '../lib/format';
import { OUTCOME_WORDS, type MarLine } from '../lib/medications';
import type { Administration, Entry } from '../lib/types';

const OUTCOME_COLORS: Record<string, string> = { given: 'teal', held: 'yellow', refused: 'red' };

interface Props {
  lines: MarLine[];
  /** Marks a dose entered in error; absent when the clinician may not record doses. */
  onMarkInError?: (dose: Entry<Administration>) => void;
}

/**
 * One order's administration record, newest first. A dose entered in error stays, struck through, with who marked
 * it, when and why.
 */
export function MarList({ lines, onMarkInError }: Props) {
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No doses recorded.
      </Text>
    );
  }
  return (
    <Stack gap={2} data-testid="mar-list">
      {lines.map(({ dose: d, inError }) => (
        <Group key={d.record_id} gap="xs" data-testid="mar-entry" data-in-error={inError !== null}>
          <Text size="sm" td={inError ? 'line-through' : undefined}>
            {dateTime(d.at)}
          </Text>
          <Badge size="sm" variant="light" color={inError ? 'gray' : (OUTCOME_COLORS[d.outcome] ?? 'gray')}>
            {OUTCOME_WORDS[d.outcome] ?? d.outcome}
          </Badge>
          <Text size="sm" c="dimmed" td={inError ? 'line-through' : undefined}>
            by {d.by}
            {d.note ? ` · ${d.note}` : ''}
          </Text>
          {inError ? (
            <Text size="sm" c="red.8" data-testid="mar-in-error">
              Entered in error: {inError.note} ({inError.by}, {dateTime(inError.at)})
            </Text>
          ) : (
            onMarkInError && (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => onMarkInError(d)} data-testid="mar-mark-error">
                Entered in error
              </Button>
            )
          )}
        </Group>
      ))}
    </Stack>
  );
}
