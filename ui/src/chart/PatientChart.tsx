import { Alert, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useChart } from '../hooks/useChart';
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

  return (
    <Stack gap="md">
      <ChartHeader patientId={patientId} patient={chart.patient} allergies={chart.allergies} reload={reload} />
      <ErrorMessage message={error} />
      <Tabs defaultValue="summary" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="summary" data-testid="tab-summary">
            Summary
          </Tabs.Tab>
          <Tabs.Tab value="notes" data-testid="tab-notes">
            Notes ({chart.notes.length})
          </Tabs.Tab>
          <Tabs.Tab value="vitals" data-testid="tab-vitals">
            Vitals
          </Tabs.Tab>
          <Tabs.Tab value="documents" data-testid="tab-documents">
            Documents ({chart.documents.filter((d) => !d.deleted).length})
          </Tabs.Tab>
          <Tabs.Tab value="medications" data-testid="tab-medications">
            Medications ({chart.prescriptions.filter((p) => p.status === 'active').length})
          </Tabs.Tab>
          <Tabs.Tab value="appointments" data-testid="tab-appointments">
            Appointments ({chart.appointments.filter((a) => a.status === 'scheduled').length})
          </Tabs.Tab>
          <Tabs.Tab value="education" data-testid="tab-education">
            Education
          </Tabs.Tab>
          <Tabs.Tab value="timeline" data-testid="tab-timeline">
            Timeline
          </Tabs.Tab>
          <Tabs.Tab value="tasks" data-testid="tab-tasks">
            Tasks ({chart.tasks.filter((t) => t.status !== 'done').length})
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummaryTab patientId={patientId} chart={chart} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesTab patientId={patientId} notes={chart.notes} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="vitals" pt="md">
          <VitalsTab patientId={patientId} vitals={chart.vitals} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsTab patientId={patientId} documents={chart.documents} tiles={chart.tiles} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="medications" pt="md">
          <MedicationsTab
            patientId={patientId}
            prescriptions={chart.prescriptions}
            administrations={chart.administrations ?? []}
            allergies={chart.allergies}
            reload={reload}
          />
        </Tabs.Panel>
        <Tabs.Panel value="appointments" pt="md">
          <AppointmentsTab patientId={patientId} appointments={chart.appointments} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="education" pt="md">
          <EducationTab patientId={patientId} reload={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelineTab patientId={patientId} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks" pt="md">
          <TasksTab patientId={patientId} tasks={chart.tasks} username={username} reload={reload} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
