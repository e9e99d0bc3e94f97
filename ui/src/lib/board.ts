import type { BoardTask, TaskStatus } from './types';

/** The board's columns, left to right. */
export const COLUMNS: { status: TaskStatus; title: string }[] = [
  { status: 'todo', title: 'To do' },
  { status: 'in_progress', title: 'In progress' },
  { status: 'done', title: 'Done' },
];

/** The column `steps` to the left (-1) or right (+1) of `status`, or null at the board's edge. */
export function moved(status: TaskStatus, steps: -1 | 1): TaskStatus | null {
  const at = COLUMNS.findIndex((c) => c.status === status);
  return COLUMNS[at + steps]?.status ?? null;
}

/** True when an open task's due time has passed. */
export function isLate(task: Pick<BoardTask, 'status' | 'due'>, now: Date = new Date()): boolean {
  if (task.status === 'done' || !task.due) return false;
  const due = Date.parse(task.due.length === 10 ? `${task.due}T23:59:59` : task.due);
  return !Number.isNaN(due) && due < now.getTime();
}
