import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { ALLERGY_STATUS_WORDS, severityLabel } from '../lib/allergies';
import { dateTime } from '../lib/format';
import type { Allergy, AllergyStatus, Entry } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  allergy: Entry<Allergy>;
  reload: () => Promise<void>;
}

const SEVERITY_COLORS: Record<string, string> = {
  mild: 'yellow',
  moderate: 'orange',
  severe: 'red',
  life_threatening: 'red',
};

/** One allergy with its status buttons; "Entered in error" asks first. */
export function AllergyItem({ patientId, allergy: a, reload }: Props) {
  const [confirmError, setConfirmError] = useState(false);
  const { busy, error, setError, run } = useAction();
  const inError = a.status === 'entered_in_error';

  async function setStatus(status: AllergyStatus) {
    const ok = await run(async () => {
      await api.setAllergyStatus(patientId, a.record_id, status);
      return true;
    });
    if (ok) {
      setConfirmError(false);
      await reload();
    }
  }

  const askError = () => {
    setError(null);
    setConfirmError(true);
  };

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
          <Group gap="xs" wrap="nowrap">
            {a.status === 'active' && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  loading={busy}
                  onClick={() => void setStatus('inactive')}
                  data-testid="allergy-inactive"
                >
                  Mark inactive
                </Button>
                <Button size="xs" variant="subtle" color="red" onClick={askError} data-testid="allergy-error">
                  Entered in error
                </Button>
              </>
            )}
            {a.status === 'inactive' && (
              <Button
                size="xs"
                variant="default"
                loading={busy}
                onClick={() => void setStatus('active')}
                data-testid="allergy-active"
              >
                Mark active again
              </Button>
            )}
          </Group>
        </Group>
        {!confirmError && <ErrorMessage message={error} />}
      </Stack>
      <ConfirmDialog
        opened={confirmError}
        title="Entered in error?"
        confirmLabel="Mark entered in error"
        confirmTestId="allergy-error-confirm"
        cancelTestId="allergy-error-cancel"
        busy={busy}
        error={error}
        onConfirm={() => void setStatus('entered_in_error')}
        onClose={() => {
          setConfirmError(false);
          setError(null);
        }}
      >
        Mark the {a.substance} allergy as entered in error? It stays in the record, struck through, and no longer
        counts as an allergy.
      </ConfirmDialog>
    </Paper>
  );
}
