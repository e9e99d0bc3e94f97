import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';
import { problemList } from '../lib/problems';
import type { Entry, Problem } from '../lib/types';
import { ProblemItem } from './ProblemItem';
import { ProblemForm } from './ProblemForm';

interface Props {
  patientId: string;
  problems: Entry<Problem>[];
  reload: () => Promise<void>;
}

/** The problem list, active problems first; the form to add one opens in a panel. */
export function ProblemsCard({ patientId, problems, reload }: Props) {
  const list = problemList(problems);
  const may = usePermissions();
  return (
    <Stack gap="md">
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Problems</Title>
          {may.manage_problems && (
            <SidePanel label="Add problem" testId="problem-open" onSaved={reload}>
              {(saved) => <ProblemForm patientId={patientId} onSaved={saved} />}
            </SidePanel>
          )}
        </Group>
        {list.length === 0 ? (
          <Text c="dimmed">No problems recorded.</Text>
        ) : (
          <Stack gap="xs">
            {list.map((p) => (
              <ProblemItem key={p.record_id} patientId={patientId} problem={p} reload={reload} mayChange={may.manage_problems} />
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
