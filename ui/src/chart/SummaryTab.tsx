import { Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { dateTime } from '../lib/format';
import { bloodPressure, latestVitals, temperatureText } from '../lib/vitals';
import type { Chart } from '../lib/types';
import { BAND_RESPONSE } from '../lib/news2';
import { News2Badge } from '../components/News2Badge';
import { AllergiesCard } from './AllergiesCard';
import { ProblemsCard } from './ProblemsCard';

interface Props {
  patientId: string;
  chart: Chart;
  reload: () => Promise<void>;
}

export function SummaryTab({ patientId, chart, reload }: Props) {
  const latest = latestVitals(chart.vitals);
  const openTasks = chart.tasks.filter((t) => t.status !== 'done');
  const counts = [
    ['Notes', chart.notes.length],
    ['Drafts', chart.notes.filter((n) => n.status === 'draft').length],
    ['Prescriptions', chart.prescriptions.length],
    ['Appointments', chart.appointments.length],
    ['Documents', chart.documents.filter((d) => !d.deleted).length],
    ['Open tasks', openTasks.length],
  ] as const;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <AllergiesCard patientId={patientId} allergies={chart.allergies} reload={reload} />
        <ProblemsCard patientId={patientId} problems={chart.problems} reload={reload} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <Title order={4} mb="xs">
            Latest vitals
          </Title>
          {latest ? (
            <Stack gap={2}>
              <Text size="sm" c="dimmed">
                {dateTime(latest.taken_at)} by {latest.recorded_by}
              </Text>
              {latest.news2 && (
                <Group gap="xs" wrap="nowrap" data-testid="summary-news2">
                  <News2Badge score={latest.news2} size="lg" />
                  <Text size="sm">{BAND_RESPONSE[latest.news2.band]}</Text>
                </Group>
              )}
              {latest.temperature && <Text>Temperature {temperatureText(latest.temperature)}</Text>}
              {latest.pulse_bpm !== null && <Text>Pulse {latest.pulse_bpm} /min</Text>}
              {bloodPressure(latest) && <Text>BP {bloodPressure(latest)} mmHg</Text>}
              {latest.respiratory_rate !== null && <Text>Resp. rate {latest.respiratory_rate} /min</Text>}
              {latest.spo2_pct !== null && <Text>SpO₂ {latest.spo2_pct}%</Text>}
            </Stack>
          ) : (
            <Text c="dimmed">No vitals recorded.</Text>
          )}
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">
            At a glance
          </Title>
          <Stack gap={4}>
            {counts.map(([label, n]) => (
              <Group key={label} justify="space-between">
                <Text>{label}</Text>
                <Text fw={600}>{n}</Text>
              </Group>
            ))}
          </Stack>
        </Card>
      </SimpleGrid>
      {chart.prescriptions.length > 0 && (
        <Card withBorder>
          <Title order={4} mb="xs">
            Prescriptions
          </Title>
          <List spacing={4}>
            {chart.prescriptions.map((rx) => (
              <List.Item key={rx.prescription_id}>
                {rx.drug} {rx.dose} {rx.route} {rx.frequency} — {rx.status}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
    </Stack>
  );
}
