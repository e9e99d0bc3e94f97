import { Anchor, Badge, Card, Table, Text, Title } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime, humanize } from '../lib/format';
import { asTaskLine, patientLabel } from '../lib/tasks';
import type { PatientSummary } from '../lib/types';
import { useWardQuery } from '../hooks/useWardQuery';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  /** The patients the ward list has shown, by id, to name each task's patient. */
  patients: ReadonlyMap<string, PatientSummary>;
  onOpen: (patientId: string) => void;
}

const loadMyTasks = async () => ((await api.myTasks()) ?? []).map(asTaskLine);

/** Open tasks assigned to the logged-in clinician on every patient here, urgent first. */
export function MyTasks({ patients, onOpen }: Props) {
  const { data: tasks, error } = useWardQuery(loadMyTasks);

  return (
    <Card withBorder data-testid="my-tasks">
      <Title order={3} mb="xs">
        My tasks{tasks && tasks.length > 0 ? ` (${tasks.length})` : ''}
      </Title>
      <ErrorMessage message={error} />
      {tasks !== null && tasks.length === 0 && <Text c="dimmed">No open tasks assigned to you.</Text>}
      {tasks !== null && tasks.length > 0 && (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Task</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tasks.map(({ record_id, patient_id, task }) => (
              <Table.Tr key={record_id} data-testid="my-task" data-priority={task.priority}>
                <Table.Td>
                  <Anchor component="button" type="button" fw={600} onClick={() => onOpen(patient_id)} data-testid="my-task-patient">
                    {patientLabel(patients.get(patient_id))}
                  </Anchor>
                </Table.Td>
                <Table.Td>{task.title}</Table.Td>
                <Table.Td>
                  <Badge size="sm" color={task.priority === 'urgent' ? 'red' : 'gray'} variant={task.priority === 'urgent' ? 'filled' : 'light'}>
                    {humanize(task.priority)}
                  </Badge>
                </Table.Td>
                <Table.Td>{task.due ? dateTime(task.due) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
