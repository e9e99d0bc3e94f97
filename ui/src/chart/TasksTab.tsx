import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { api } from '../lib/api';
import { dateTime, humanize } from '../lib/format';
import type { Entry, Task, TaskPriority, TaskStatus } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  tasks: Entry<Task>[];
  /** The logged-in clinician's username, for "Assign to me". */
  username: string;
  reload: () => Promise<void>;
}

const STATUSES: TaskStatus[] = ['todo', 'in_progress', 'done'];
const STATUS_WORDS: Record<string, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done' };

export function TasksTab({ patientId, tasks, username, reload }: Props) {
  const [title, setTitle] = useState('');
  const [priority, setPriority] = useState<TaskPriority>('routine');
  const [assignToMe, setAssignToMe] = useState(true);
  const { busy, error, setError, run } = useAction();
  const moving = useAction();
  const may = usePermissions();

  async function add(e: FormEvent, saved: () => Promise<void>) {
    e.preventDefault();
    if (!title.trim()) return setError('Describe the task.');
    const ok = await run(async () => {
      await api.addTask(patientId, title.trim(), priority, assignToMe ? username : null);
      return true;
    });
    if (ok) {
      setTitle('');
      setPriority('routine');
      await saved();
    }
  }

  const setStatus = async (recordId: string, status: TaskStatus) => {
    const ok = await moving.run(async () => {
      await api.setTaskStatus(patientId, recordId, status);
      return true;
    });
    if (ok) await reload();
  };

  const ordered = [...tasks].sort((a, b) => Number(a.status === 'done') - Number(b.status === 'done'));

  return (
    <Stack gap="md">
      {may.manage_tasks && (
        <SidePanel label="Add task" testId="task-open" onSaved={reload}>
          {(saved) => (
      <Paper withBorder p="sm">
        <form onSubmit={(e) => void add(e, saved)} noValidate>
          <Group align="flex-end">
            <TextInput
              label="New task"
              style={{ flex: 1 }}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              data-testid="task-title"
            />
            <NativeSelect
              label="Priority"
              data={[
                { value: 'routine', label: 'Routine' },
                { value: 'urgent', label: 'Urgent' },
              ]}
              value={priority}
              onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)}
              data-testid="task-priority"
            />
            <Checkbox
              label="Assign to me"
              mb={8}
              checked={assignToMe}
              onChange={(e) => setAssignToMe(e.currentTarget.checked)}
              data-testid="task-assign-me"
            />
            <Button type="submit" loading={busy} data-testid="task-add">
              Add task
            </Button>
          </Group>
        </form>
        <ErrorMessage message={error} />
      </Paper>
          )}
        </SidePanel>
      )}
      <ErrorMessage message={moving.error} />
      <Title order={4}>Tasks</Title>
      {ordered.length === 0 && <Text c="dimmed">No tasks.</Text>}
      {ordered.map((t) => (
        <Card key={t.record_id} withBorder padding="sm" data-testid="task-item" data-status={t.status}>
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={600} td={t.status === 'done' ? 'line-through' : undefined}>
                  {t.title}
                </Text>
                {t.priority === 'urgent' && (
                  <Badge color="red" size="sm">
                    urgent
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                Added by {t.created_by} {dateTime(t.created_at)}
                {t.assignee ? ` · for ${t.assignee}` : ''}
                {t.due ? ` · due ${dateTime(t.due)}` : ''}
                {t.completed_at ? ` · done ${dateTime(t.completed_at)}` : ''}
              </Text>
            </Stack>
            {may.manage_tasks ? (
            <NativeSelect
              aria-label={`Status of ${t.title}`}
              w={150}
              data={STATUSES.map((s) => ({ value: s, label: STATUS_WORDS[s] ?? humanize(s) }))}
              value={t.status}
              onChange={(e) => void setStatus(t.record_id, e.currentTarget.value as TaskStatus)}
              data-testid="task-status"
            />
            ) : (
              <Badge variant="outline">{STATUS_WORDS[t.status] ?? humanize(t.status)}</Badge>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
