import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { ALLERGY_STATUS_WORDS, severityLabel } from '../lib/allergies';
import { dateTime } from '../lib/format';
import type { Allergy, AllergyStatus, Entry } from '../lib/types';
import { useStatusChange } from '../hooks/useStatusChange';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  allergy: Entry<Allergy>;
  reload: () => Promise<void>;
  /** The clinician may change its status. */
  mayChange: boolean;
}

const SEVERITY_COLORS: Record<string, string> = {
  mild: 'yellow',
  moderate: 'orange',
  severe: 'red',
  life_threatening: 'red',
};

/** What each status change that silences an allergy asks before it is made. */
const QUESTIONS: Partial<Record<AllergyStatus, { title: string; label: string; text: (substance: string) => string }>> = {
  inactive: {
    title: 'Mark inactive?',
    label: 'Mark inactive',
    text: (substance) =>
      `Mark the ${substance} allergy inactive? Prescribing no longer warns about it. Do this only when it has been ` +
      'ruled out (for example by a challenge).',
  },
  entered_in_error: {
    title: 'Entered in error?',
    label: 'Mark entered in error',
    text: (substance) =>
      `Mark the ${substance} allergy as entered in error? It stays in the record, struck through, and no longer ` +
      'counts as an allergy.',
  },
};

/** One allergy with its status buttons; a change that silences it asks first. */
export function AllergyItem({ patientId, allergy: a, reload, mayChange }: Props) {
  const { asking, ask, cancel, change, busy, error } = useStatusChange<AllergyStatus>(
    (status) => api.setAllergyStatus(patientId, a.record_id, status),
    reload,
  );
  const inError = a.status === 'entered_in_error';
  const question = asking ? QUESTIONS[asking] : undefined;

  return (
    <Paper withBorder p="xs" data-testid="allergy-item" data-status={a.status}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600} td={inError ? 'line-through' : undefined}>
                {a.substance}
              </Text>
              <Badge size="sm" variant="light" color={SEVERITY_COLORS[a.severity] ?? 'gray'}>
                {severityLabel(a.severity)}
              </Badge>
              <Badge size="sm" variant="outline" color={a.status === 'active' ? 'red' : 'gray'}>
                {ALLERGY_STATUS_WORDS[a.status] ?? a.status}
              </Badge>
            </Group>
            {a.reaction && <Text size="sm">Reaction: {a.reaction}</Text>}
            <Text size="xs" c="dimmed">
              Recorded by {a.recorded_by} {dateTime(a.recorded_at)}
            </Text>
          </Stack>
          {mayChange && (
          <Group gap="xs" wrap="nowrap">
            {a.status === 'active' && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  disabled={busy}
                  onClick={() => ask('inactive')}
                  data-testid="allergy-inactive"
                >
                  Mark inactive
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  disabled={busy}
                  onClick={() => ask('entered_in_error')}
                  data-testid="allergy-error"
                >
                  Entered in error
                </Button>
              </>
            )}
            {a.status === 'inactive' && (
              <Button
                size="xs"
                variant="default"
                loading={busy}
                onClick={() => void change('active')}
                data-testid="allergy-active"
              >
                Mark active again
              </Button>
            )}
          </Group>
          )}
        </Group>
        {!asking && <ErrorMessage message={error} />}
      </Stack>
      <ConfirmDialog
        opened={question !== undefined}
        title={question?.title ?? ''}
        confirmLabel={question?.label ?? ''}
        confirmTestId={asking === 'inactive' ? 'allergy-inactive-confirm' : 'allergy-error-confirm'}
        cancelTestId={asking === 'inactive' ? 'allergy-inactive-cancel' : 'allergy-error-cancel'}
        busy={busy}
        error={error}
        onConfirm={() => asking && void change(asking)}
        onClose={cancel}
      >
        {question?.text(a.substance)}
      </ConfirmDialog>
    </Paper>
  );
}
