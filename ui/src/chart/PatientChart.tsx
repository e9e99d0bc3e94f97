import { Loader, Stack, Tabs } from '@mantine/core';
import { useChart } from '../hooks/useChart';
import { ErrorMessage } from '../components/ErrorMessage';
import { ChartHeader } from './ChartHeader';
import { SummaryTab } from './SummaryTab';
import { NotesTab } from './NotesTab';
import { VitalsTab } from './VitalsTab';
import { DocumentsTab } from './DocumentsTab';
import { TasksTab } from './TasksTab';

/** One patient's chart: header with allergies, then Summary / Notes / Vitals / Documents / Tasks. */
export function PatientChart({ patientId }: { patientId: string }) {
  const { chart, error, loading, reload } = useChart(patientId);

  if (loading && !chart) return <Loader aria-label="Loading chart" />;
  if (!chart) return <ErrorMessage message={error ?? 'This chart could not be opened.'} />;

  return (
    <Stack gap="md">
      <ChartHeader patient={chart.patient} allergies={chart.allergies} />
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
          <Tabs.Tab value="tasks" data-testid="tab-tasks">
            Tasks ({chart.tasks.filter((t) => t.status !== 'done').length})
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummaryTab chart={chart} />
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
        <Tabs.Panel value="tasks" pt="md">
          <TasksTab patientId={patientId} tasks={chart.tasks} reload={reload} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
