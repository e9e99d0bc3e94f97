import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { ActionIcon, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { api } from '../lib/api';
import { COLUMNS, isLate, moved } from '../lib/board';
import { errorMessage } from '../lib/errors';
import { dateTime } from '../lib/format';
import type { BoardTask, TaskStatus } from '../lib/types';
import { usePermissions } from '../hooks/usePermissions';
import { useWardQuery } from '../hooks/useWardQuery';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  onOpen: (patientId: string) => void;
}

const loadBoard = api.wardBoard;

/**
 * The ward's tasks as a board: to do, in progress, done (the last day's). A task moves by dragging it to another
 * column, by its arrows, or with the left and right arrow keys when it has the focus. Urgent and late tasks show in
 * red.
 */
export function WardBoard({ onOpen }: Props) {
  const { data, error: loadError, reload: load } = useWardQuery(loadBoard);
  // A task shows in its new column at once; the store's answer follows.
  const [moving, setMoving] = useState<Record<string, TaskStatus>>({});
  const [error, setError] = useState<string | null>(null);
  const may = usePermissions();
  const tasks = data?.map((t) => (moving[t.record_id] ? { ...t, status: moving[t.record_id] } : t)) ?? null;

  async function move(task: BoardTask, status: TaskStatus | null) {
    if (!status || status === task.status || !may.manage_tasks) return;
    setMoving((m) => ({ ...m, [task.record_id]: status }));
    try {
      await api.setTaskStatus(task.patient_id, task.record_id, status);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
    await load();
    setMoving(({ [task.record_id]: _, ...rest }) => rest);
  }

  if (tasks === null) {
    return loadError ? <ErrorMessage message={loadError} /> : <Loader size="sm" aria-label="Loading the board" />;
  }

  const drop = (status: TaskStatus) => (e: DragEvent) => {
    e.preventDefault();
    const task = tasks.find((t) => t.record_id === e.dataTransfer.getData('text/plain'));
    if (task) void move(task, status);
  };

  return (
    <Stack gap="md" data-testid="ward-board">
      <ErrorMessage message={error ?? loadError} />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        {COLUMNS.map((column) => {
          const here = tasks.filter((t) => t.status === column.status);
          return (
            <Paper
              key={column.status}
              withBorder
              p="sm"
              bg="gray.0"
              onDragOver={(e) => e.preventDefault()}
              onDrop={drop(column.status)}
              data-testid={`board-${column.status}`}
              aria-label={column.title}
            >
              <Group justify="space-between" mb="xs">
                <Title order={4}>{column.title}</Title>
                <Badge variant="light" color="gray">
                  {here.length}
                </Badge>
              </Group>
              <Stack gap="xs">
                {here.length === 0 && (
                  <Text size="sm" c="dimmed">
                    Nothing here.
                  </Text>
                )}
                {here.map((t) => (
                  <TaskCard key={t.record_id} task={t} movable={may.manage_tasks} onMove={move} onOpen={onOpen} />
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

interface CardProps {
  task: BoardTask;
  movable: boolean;
  onMove: (task: BoardTask, status: TaskStatus | null) => void;
  onOpen: (patientId: string) => void;
}

function TaskCard({ task, movable, onMove, onOpen }: CardProps) {
  const left = moved(task.status, -1);
  const right = moved(task.status, 1);
  const urgent = task.priority === 'urgent' && task.status !== 'done';
  const late = isLate(task);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      onMove(task, e.key === 'ArrowLeft' ? left : right);
    }
  };
  return (
    <Paper
      withBorder
      p="xs"
      tabIndex={0}
      draggable={movable}
      onDragStart={(e) => e.dataTransfer.setData('text/plain', task.record_id)}
      onKeyDown={movable ? onKeyDown : undefined}
      style={{ borderLeft: `4px solid var(--mantine-color-${urgent ? 'red' : 'gray'}-6)`, cursor: movable ? 'grab' : undefined }}
      data-testid="board-task"
      data-status={task.status}
      aria-label={`${task.title}, ${task.patient_name}`}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2}>
          <UnstyledButton fw={700} size="sm" onClick={() => onOpen(task.patient_id)}>
            {task.bed ? `Bed ${task.bed} · ` : ''}
            {task.patient_name}
          </UnstyledButton>
          <Text size="sm" td={task.status === 'done' ? 'line-through' : undefined}>
            {task.title}
          </Text>
          <Group gap={4}>
            {urgent && (
              <Badge size="xs" color="red" variant="filled">
                Urgent
              </Badge>
            )}
            {task.due && (
              <Badge size="xs" color={late ? 'red' : 'gray'} variant={late ? 'filled' : 'light'} data-testid="board-due">
                {late ? 'Late · ' : 'Due '}
                {dateTime(task.due)}
              </Badge>
            )}
            {task.assignee && (
              <Text size="xs" c="dimmed">
                {task.assignee}
              </Text>
            )}
          </Group>
        </Stack>
        {movable && (
          <Group gap={2} wrap="nowrap">
            <ActionIcon variant="subtle" disabled={!left} onClick={() => onMove(task, left)} aria-label="Move left">
              ←
            </ActionIcon>
            <ActionIcon variant="subtle" disabled={!right} onClick={() => onMove(task, right)} aria-label="Move right">
              →
            </ActionIcon>
          </Group>
        )}
      </Group>
    </Paper>
  );
}
