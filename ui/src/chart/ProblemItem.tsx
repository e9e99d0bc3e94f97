import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime } from '../lib/format';
import { PROBLEM_STATUS_WORDS } from '../lib/problems';
import type { Entry, Problem, ProblemStatus } from '../lib/types';
import { useStatusChange } from '../hooks/useStatusChange';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  problem: Entry<Problem>;
  reload: () => Promise<void>;
  /** The clinician may change its status. */
  mayChange: boolean;
}

/** One entry of the problem list, with "Resolved" or "Active again", and "Entered in error" (asked first). */
export function ProblemItem({ patientId, problem: p, reload, mayChange }: Props) {
  const { asking, ask, cancel, change, busy, error } = useStatusChange<ProblemStatus>(
    (status) => api.setProblemStatus(patientId, p.record_id, status),
    reload,
  );
  const resolved = p.status === 'resolved';

  return (
    <Paper withBorder p="xs" data-testid="problem-item" data-status={p.status}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600} c={resolved ? 'dimmed' : undefined}>
                {p.text}
                {p.code ? ` (${p.code})` : ''}
              </Text>
              <Badge size="sm" variant="light" color={resolved ? 'gray' : 'blue'}>
                {PROBLEM_STATUS_WORDS[p.status] ?? p.status}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed">
              {p.onset ? `Since ${p.onset} · ` : ''}Recorded by {p.recorded_by} {dateTime(p.recorded_at)}
            </Text>
          </Stack>
          {mayChange && (
          <Group gap="xs" wrap="nowrap">
            {p.status === 'active' && (
              <Button
                size="xs"
                variant="default"
                loading={busy}
                onClick={() => void change('resolved')}
                data-testid="problem-resolve"
              >
                Mark resolved
              </Button>
            )}
            {resolved && (
              <Button
                size="xs"
                variant="default"
                loading={busy}
                onClick={() => void change('active')}
                data-testid="problem-reactivate"
              >
                Mark active again
              </Button>
            )}
            <Button
              size="xs"
              variant="subtle"
              color="red"
              disabled={busy}
              onClick={() => ask('entered_in_error')}
              data-testid="problem-error"
            >
              Entered in error
            </Button>
          </Group>
          )}
        </Group>
        {!asking && <ErrorMessage message={error} />}
      </Stack>
      <ConfirmDialog
        opened={asking !== null}
        title="Entered in error?"
        confirmLabel="Mark entered in error"
        confirmTestId="problem-error-confirm"
        cancelTestId="problem-error-cancel"
        busy={busy}
        error={error}
        onConfirm={() => void change('entered_in_error')}
        onClose={cancel}
      >
        Mark “{p.text}” as entered in error? It stays in the record but leaves the problem list.
      </ConfirmDialog>
    </Paper>
  );
}
