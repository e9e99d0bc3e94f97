import { Badge, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { clockTime, dateTime } from '../lib/format';
import { DOSE_STATES, toGive } from '../lib/medications';
import type { ScheduledDose } from '../lib/types';

interface Props {
  doses: ScheduledDose[];
  /** Opens the dose dialog for a dose still to give; absent when the clinician may not give doses. */
  onGive?: (dose: ScheduledDose) => void;
}

/** What a scheduled dose's cell says on hover: its time and state, and who recorded it when. */
function detail(d: ScheduledDose): string {
  const state = DOSE_STATES[d.state].word;
  const recorded = d.recorded_at ? ` at ${clockTime(d.recorded_at)} by ${d.recorded_by ?? 'unknown'}` : '';
  return `${dateTime(d.due_at)} · ${state}${recorded}`;
}

/**
 * One order's doses on a time line: each scheduled time with what became of it (given, held, refused) or where it
 * stands (due, overdue, later). A dose still to give is a button that records it.
 */
export function DoseTimes({ doses, onGive }: Props) {
  if (doses.length === 0) return null;
  return (
    <Group gap={6} data-testid="dose-times" wrap="wrap">
      {doses.map((d) => {
        const look = DOSE_STATES[d.state];
        const cell = (
          <Badge
            size="lg"
            radius="sm"
            variant={toGive(d.state) ? 'filled' : 'light'}
            color={look.color}
            data-testid="dose-time-cell"
            data-state={d.state}
            styles={{ label: { textTransform: 'none' } }}
          >
            {clockTime(d.due_at)} {look.word}
          </Badge>
        );
        return (
          <Tooltip key={d.due_at} label={detail(d)} withArrow>
            {toGive(d.state) && onGive ? (
              <UnstyledButton onClick={() => onGive(d)} aria-label={`Record the ${clockTime(d.due_at)} dose`}>
                {cell}
              </UnstyledButton>
            ) : (
              <Text component="span">{cell}</Text>
            )}
          </Tooltip>
        );
      })}
    </Group>
  );
}
