import { Card, Stack, Text, Title } from '@mantine/core';
import { problemList } from '../lib/problems';
import type { Entry, Problem } from '../lib/types';
import { ProblemItem } from './ProblemItem';
import { ProblemForm } from './ProblemForm';

interface Props {
  patientId: string;
  problems: Entry<Problem>[];
  reload: () => Promise<void>;
}

/** The problem list, active problems first, and below it the form to add one. */
export function ProblemsCard({ patientId, problems, reload }: Props) {
  const list = problemList(problems);
  return (
    <Stack gap="md">
      <Card withBorder>
        <Title order={4} mb="xs">
          Problems
        </Title>
        {list.length === 0 ? (
          <Text c="dimmed">No problems recorded.</Text>
        ) : (
          <Stack gap="xs">
            {list.map((p) => (
              <ProblemItem key={p.record_id} patientId={patientId} problem={p} reload={reload} />
            ))}
          </Stack>
        )}
      </Card>
      <ProblemForm patientId={patientId} onSaved={reload} />
    </Stack>
  );
}
