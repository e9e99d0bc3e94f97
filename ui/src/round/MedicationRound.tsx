import { useState } from 'react';
import { Badge, Button, Group, Loader, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { api } from '../lib/api';
import { clockTime, dateTime } from '../lib/format';
import { DOSE_STATES, lateBy, toGive } from '../lib/medications';
import type { AdministrationOutcome, ScheduledDose } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { usePermissions } from '../hooks/usePermissions';
import { useWardQuery } from '../hooks/useWardQuery';
import { ErrorMessage } from '../components/ErrorMessage';
import { DoseDialog, OUTCOMES } from '../chart/DoseDialog';

interface Props {
  onOpen: (patientId: string) => void;
}

const loadRound = api.medicationRound;

/** "08:00" for today, the date and time otherwise. */
function when(iso: string, now: Date = new Date()): string {
  return new Date(iso).toDateString() === now.toDateString() ? clockTime(iso) : dateTime(iso);
}

/** The round's three parts: what to give now, what comes in the next hours, and what was recorded. */
export function roundParts(doses: ScheduledDose[]) {
  return {
    toGive: doses.filter((d) => toGive(d.state)),
    later: doses.filter((d) => d.state === 'upcoming'),
    recorded: doses.filter((d) => !toGive(d.state) && d.state !== 'upcoming'),
  };
}

/**
 * The ward's medication round: every scheduled dose of the admitted patients from a day back to four hours ahead, by
 * time and bed. Overdue and due doses come first, each with its buttons to record it given, held or refused.
 */
export function MedicationRound({ onOpen }: Props) {
  const { data, error: loadError, reload: load } = useWardQuery(loadRound);
  const doses = data;
  const [recording, setRecording] = useState<{ dose: ScheduledDose; outcome: AdministrationOutcome } | null>(null);
  const { busy, error, setError, run } = useAction();
  const may = usePermissions();

  async function record(givenAt: string, note: string | null) {
    if (!recording) return;
    const { dose, outcome } = recording;
    const ok = await run(async () => {
      await api.recordAdministration(dose.patient_id, dose.prescription_id, outcome, note, givenAt);
      return true;
    });
    if (ok) {
      setRecording(null);
      await load();
    }
  }

  if (doses === null) {
    return loadError ? <ErrorMessage message={loadError} /> : <Loader size="sm" aria-label="Loading the round" />;
  }
  const { toGive: now, later, recorded } = roundParts(doses);
  const overdue = now.filter((d) => d.state === 'overdue').length;

  return (
    <Stack gap="md" data-testid="medication-round">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Medication round</Title>
        <Text c={overdue > 0 ? 'red.8' : 'dimmed'} fw={overdue > 0 ? 700 : 400} data-testid="round-summary">
          {now.length === 0 ? 'Nothing due now' : `${now.length} to give now${overdue > 0 ? `, ${overdue} overdue` : ''}`}
          {later.length > 0 ? ` · ${later.length} in the next 4 hours` : ''}
        </Text>
      </Group>
      <ErrorMessage message={loadError} />
      {doses.length === 0 && (
        <Text c="dimmed" data-testid="round-empty">
          No scheduled doses on your wards. Orders written in words only, or as needed, never fall due.
        </Text>
      )}
      <RoundTable
        title="To give now"
        doses={now}
        onOpen={onOpen}
        onRecord={may.give_medicines ? (dose, outcome) => {
          setError(null);
          setRecording({ dose, outcome });
        } : undefined}
      />
      <RoundTable title="Next 4 hours" doses={later} onOpen={onOpen} />
      <RoundTable title="Recorded" doses={recorded} onOpen={onOpen} />
      {recording && (
        <DoseDialog
          order={recording.dose}
          outcome={recording.outcome}
          busy={busy}
          error={error}
          onConfirm={(givenAt, note) => void record(givenAt, note)}
          onClose={() => setRecording(null)}
        />
      )}
    </Stack>
  );
}

interface TableProps {
  title: string;
  doses: ScheduledDose[];
  onOpen: (patientId: string) => void;
  onRecord?: (dose: ScheduledDose, outcome: AdministrationOutcome) => void;
}

function RoundTable({ title, doses, onOpen, onRecord }: TableProps) {
  if (doses.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={4}>{title}</Title>
      {/* One column layout for the three tables, so times, beds and names line up. */}
      <Table striped layout="fixed" verticalSpacing={6} data-testid="round-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Due</Table.Th>
            <Table.Th w={60}>Bed</Table.Th>
            <Table.Th w={220}>Patient</Table.Th>
            <Table.Th>Medicine</Table.Th>
            <Table.Th w={210}>Status</Table.Th>
            <Table.Th w={240} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {doses.map((d) => {
            const look = DOSE_STATES[d.state];
            return (
              <Table.Tr key={`${d.prescription_id}-${d.due_at}`} data-testid="round-line" data-state={d.state}>
                <Table.Td style={{ whiteSpace: 'nowrap' }} fw={700}>
                  {when(d.due_at)}
                </Table.Td>
                <Table.Td fw={700}>{d.bed ?? '—'}</Table.Td>
                <Table.Td>
                  <UnstyledButton fw={600} onClick={() => onOpen(d.patient_id)} aria-label={`Open chart of ${d.patient_name}`}>
                    {d.patient_name}
                  </UnstyledButton>
                  {d.allergies.length > 0 && (
                    <Text size="xs" c="red.8" fw={700} data-testid="round-allergies">
                      Allergies: {d.allergies.join(', ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td data-testid="round-medicine">
                  {d.drug} {d.dose} · {d.route}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge color={look.color} variant={toGive(d.state) ? 'filled' : 'light'}>
                    {look.word}
                  </Badge>
                  {d.state === 'overdue' && (
                    <Text span size="xs" c="red.8" fw={700} ml={6} data-testid="round-late">
                      {lateBy(d.due_at)} late
                    </Text>
                  )}
                  {d.recorded_at && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {clockTime(d.recorded_at)} by {d.recorded_by}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {onRecord && (
                    <Group gap={4} wrap="nowrap">
                      {OUTCOMES.map((o) => (
                        <Button
                          key={o.outcome}
                          size="compact-sm"
                          variant={o.outcome === 'given' ? 'filled' : 'light'}
                          color={o.color}
                          onClick={() => onRecord(d, o.outcome)}
                          data-testid={`round-${o.outcome}`}
                        >
                          {o.label}
                        </Button>
                      ))}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
