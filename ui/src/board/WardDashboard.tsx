import { Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime, humanize, pathwayLabel } from '../lib/format';
import type { WardDashboard as Dashboard, WardFigures } from '../lib/types';
import { useWardQuery } from '../hooks/useWardQuery';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  onOpen: (patientId: string) => void;
}

/** The figures in the order a nurse in charge reads them: who is ill first, then what is due, then the load. */
const FIGURES: { key: keyof WardFigures; label: string; alarm?: string }[] = [
  { key: 'news2_high', label: 'NEWS2 7 or more', alarm: 'red' },
  { key: 'news2_medium', label: 'NEWS2 5–6', alarm: 'orange' },
  { key: 'doses_overdue', label: 'Doses overdue', alarm: 'red' },
  { key: 'urgent_tasks', label: 'Urgent tasks', alarm: 'red' },
  { key: 'without_obs', label: 'No observations', alarm: 'orange' },
  { key: 'doses_due', label: 'Doses due now', alarm: 'blue' },
  { key: 'admitted', label: 'Admitted' },
  { key: 'open_tasks', label: 'Open tasks' },
  { key: 'done_tasks', label: 'Tasks done (24 h)' },
  { key: 'active_orders', label: 'Active orders' },
];

/** Pathway stages in the order a patient goes through them. */
const STAGES = ['pre_op', 'intra_op', 'post_op', 'discharge', 'none'];
const stageRank = (stage: string) => (STAGES.indexOf(stage) + STAGES.length + 1) % (STAGES.length + 1);

/** The ward at a glance, from this workstation's own records (offline too). */
export function WardDashboard({ onOpen }: Props) {
  const { data: dashboard, error } = useWardQuery<Dashboard>(api.wardDashboard);

  if (!dashboard) return error ? <ErrorMessage message={error} /> : <Loader size="sm" aria-label="Loading the dashboard" />;
  const { figures, census, pathway, upcoming_procedures: procedures } = dashboard;

  return (
    <Stack gap="md" data-testid="ward-dashboard">
      <ErrorMessage message={error} />
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        {FIGURES.map(({ key, label, alarm }) => {
          const n = figures[key];
          const color = alarm && n > 0 ? `${alarm}.8` : undefined;
          return (
            <Paper key={key} withBorder p="sm" data-testid={`figure-${key}`}>
              <Text size="xl" fw={800} c={color}>
                {n}
              </Text>
              <Text size="sm" c={color ?? 'dimmed'} fw={color ? 700 : 400}>
                {label}
              </Text>
            </Paper>
          );
        })}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            Census
          </Title>
          {Object.entries(census).map(([ward, byStatus]) => (
            <Group key={ward} justify="space-between" data-testid="census-ward">
              <Text fw={700}>{ward}</Text>
              <Text size="sm">
                {Object.entries(byStatus)
                  .map(([status, n]) => `${n} ${humanize(status).toLowerCase()}`)
                  .join(' · ')}
              </Text>
            </Group>
          ))}
        </Paper>
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            Pathway (admitted)
          </Title>
          {Object.entries(pathway)
            .sort(([a], [b]) => stageRank(a) - stageRank(b))
            .map(([stage, n]) => (
            <Group key={stage} justify="space-between" data-testid="pathway-stage">
              <Text>{stage === 'none' ? 'No stage' : pathwayLabel(stage)}</Text>
              <Text fw={700}>{n}</Text>
            </Group>
            ))}
        </Paper>
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            Upcoming procedures
          </Title>
          {procedures.length === 0 && (
            <Text size="sm" c="dimmed">
              None booked.
            </Text>
          )}
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {procedures.map((p) => (
                <Table.Tr key={p.appointment_id} data-testid="procedure-line">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(p.starts_at)}</Table.Td>
                  <Table.Td>
                    <UnstyledButton fw={600} onClick={() => onOpen(p.patient_id)}>
                      {p.bed ? `${p.bed} · ` : ''}
                      {p.patient_name}
                    </UnstyledButton>
                    <Text size="xs" c="dimmed">
                      {p.title}
                      {p.location ? ` · ${p.location}` : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
