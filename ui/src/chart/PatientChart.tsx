import { Alert, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useChart } from '../hooks/useChart';
import { usePermissions } from '../hooks/usePermissions';
import { ErrorMessage } from '../components/ErrorMessage';
import { ChartHeader } from './ChartHeader';
import { SummaryTab } from './SummaryTab';
import { NotesTab } from './NotesTab';
import { VitalsTab } from './VitalsTab';
import { DocumentsTab } from './DocumentsTab';
import { TasksTab } from './TasksTab';
import { MedicationsTab } from './MedicationsTab';
import { AppointmentsTab } from './AppointmentsTab';
import { EducationTab } from './EducationTab';
import { TimelineTab } from './TimelineTab';

/**
 * One patient's chart: header with allergies, then Summary / Notes / Vitals / Documents /
 * Medications / Appointments / Education / Timeline / Tasks.
 */
export function PatientChart({ patientId, username }: { patientId: string; username: string }) {
  const { chart, error, notHere, loading, reload } = useChart(patientId);
  const may = usePermissions();
  const [tab, setTab] = useState('summary');

  if (loading && !chart) return <Loader aria-label="Loading chart" />;
  if (!chart && notHere) {
    return (
      <Alert color="blue" variant="light" title="Bringing the chart to this workstation" data-testid="chart-arriving">
        <Group gap="sm">
          <Loader size="xs" />
          <Text size="sm">It opens here as soon as the sync brings it from the server.</Text>
        </Group>
      </Alert>
    );
  }
  if (!chart) return <ErrorMessage message={error ?? 'This chart could not be opened.'} />;

  const count = (n: number) => ` (${n})`;
  // A role that reads no clinical documents (a clerk) sees the registration's tabs only.
  const clinical = may.read_clinical;
  const tabs: { value: string; label: string; clinical: boolean; panel: () => ReactNode }[] = [
    { value: 'summary', label: 'Summary', clinical: false, panel: () => <SummaryTab patientId={patientId} chart={chart} reload={reload} /> },
    { value: 'notes', label: `Notes${count(chart.notes.length)}`, clinical: true, panel: () => <NotesTab patientId={patientId} notes={chart.notes} reload={reload} /> },
    { value: 'vitals', label: 'Vitals', clinical: true, panel: () => <VitalsTab patientId={patientId} vitals={chart.vitals} reload={reload} /> },
    {
      value: 'documents',
      label: `Documents${count(chart.documents.filter((d) => !d.deleted).length)}`,
      clinical: true,
      panel: () => <DocumentsTab patientId={patientId} documents={chart.documents} tiles={chart.tiles} reload={reload} />,
    },
    {
      value: 'medications',
      label: `Medications${count(chart.prescriptions.filter((p) => p.status === 'active').length)}`,
      clinical: true,
      panel: () => (
        <MedicationsTab
          patientId={patientId}
          prescriptions={chart.prescriptions}
          administrations={chart.administrations ?? []}
          allergies={chart.allergies}
          reload={reload}
        />
      ),
    },
    {
      value: 'appointments',
      label: `Appointments${count(chart.appointments.filter((a) => a.status === 'scheduled').length)}`,
      clinical: false,
      panel: () => <AppointmentsTab patientId={patientId} appointments={chart.appointments} reload={reload} />,
    },
    { value: 'education', label: 'Education', clinical: true, panel: () => <EducationTab patientId={patientId} reload={reload} /> },
    { value: 'timeline', label: 'Timeline', clinical: true, panel: () => <TimelineTab patientId={patientId} onOpen={setTab} /> },
    {
      value: 'tasks',
      label: `Tasks${count(chart.tasks.filter((t) => t.status !== 'done').length)}`,
      clinical: true,
      panel: () => <TasksTab patientId={patientId} tasks={chart.tasks} username={username} reload={reload} />,
    },
  ].filter((t) => clinical || !t.clinical);

  return (
    <Stack gap="md">
      <ChartHeader patientId={patientId} patient={chart.patient} allergies={chart.allergies} reload={reload} />
      <ErrorMessage message={error} />
      <Tabs value={tab} onChange={(value) => setTab(value ?? 'summary')} keepMounted={false}>
        <Tabs.List>
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} data-testid={`tab-${t.value}`}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            {t.panel()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
