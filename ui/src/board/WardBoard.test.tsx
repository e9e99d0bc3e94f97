import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { WardBoard } from './WardBoard';
import { WardDashboard } from './WardDashboard';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { BoardTask, WardDashboard as Dashboard } from '../lib/types';
import { isLate, moved } from '../lib/board';

const task = (id: string, bed: string, title: string, over: Partial<BoardTask> = {}): BoardTask => ({
  record_id: id,
  patient_id: `p-${bed}`,
  patient_name: `PATIENT, Bed ${bed}`,
  bed,
  title,
  assignee: null,
  due: null,
  priority: 'routine',
  status: 'todo',
  created_by: 'Nurse N',
  created_at: '2026-12-06T20:00:00Z',
  completed_at: null,
  ...over,
});

const tasks = [
  task('t1', '3', 'Escalate NEWS2 14', { priority: 'urgent', due: '2026-12-06T21:00:00Z' }),
  task('t2', '5', 'Change dressing', { status: 'in_progress' }),
  task('t3', '7', 'Remove cannula', { status: 'done', completed_at: '2026-12-06T22:00:00Z' }),
];

describe('the ward board', () => {
  it('puts each task in its column, urgent and late ones in red', async () => {
    mockCommands({ ward_board: () => tasks });
    renderUI(<WardBoard onOpen={() => {}} />);
    const todo = await screen.findByTestId('board-todo');
    expect(within(todo).getAllByTestId('board-task').map((t) => t.textContent)).toEqual([
      expect.stringContaining('Escalate NEWS2 14'),
    ]);
    expect(within(todo).getByText('Urgent')).toBeInTheDocument();
    expect(within(todo).getByTestId('board-due')).toHaveTextContent('Late');
    expect(within(screen.getByTestId('board-in_progress')).getByText('Change dressing')).toBeInTheDocument();
    expect(within(screen.getByTestId('board-done')).getByText('Remove cannula')).toBeInTheDocument();
  });

  it('moves a task by its arrow, by the arrow keys and by dragging it to a column', async () => {
    const calls = mockCommands({ ward_board: () => tasks, set_task_status: () => null });
    const { user } = renderUI(<WardBoard onOpen={() => {}} />);
    const todo = await screen.findByTestId('board-todo');
    await user.click(within(todo).getByRole('button', { name: 'Move right' }));
    await waitFor(() =>
      expect(callsTo(calls, 'set_task_status')[0]).toEqual({ patientId: 'p-3', recordId: 't1', status: 'in_progress' }),
    );
    const doing = within(screen.getByTestId('board-in_progress'))
      .getAllByTestId('board-task')
      .find((t) => t.textContent?.includes('Change dressing'))!;
    doing.focus();
    await user.keyboard('{ArrowLeft}');
    await waitFor(() =>
      expect(callsTo(calls, 'set_task_status')[1]).toEqual({ patientId: 'p-5', recordId: 't2', status: 'todo' }),
    );
    const done = screen.getAllByTestId('board-task').find((t) => t.textContent?.includes('Remove cannula'))!;
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k) ?? '' };
    fireEvent.dragStart(done, { dataTransfer });
    fireEvent.drop(screen.getByTestId('board-todo'), { dataTransfer });
    await waitFor(() =>
      expect(callsTo(calls, 'set_task_status')[2]).toEqual({ patientId: 'p-7', recordId: 't3', status: 'todo' }),
    );
  });

  it('knows the board’s edges and when a task is late', () => {
    expect(moved('todo', -1)).toBeNull();
    expect(moved('in_progress', 1)).toBe('done');
    const now = new Date('2026-12-06T22:00:00Z');
    expect(isLate({ status: 'todo', due: '2026-12-06T21:00:00Z' }, now)).toBe(true);
    expect(isLate({ status: 'done', due: '2026-12-06T21:00:00Z' }, now)).toBe(false);
    expect(isLate({ status: 'todo', due: null }, now)).toBe(false);
  });
});

const dashboard: Dashboard = {
  census: { 'SURG-A': { admitted: 18, outpatient: 2 } },
  pathway: { pre_op: 3, post_op: 14, none: 1 },
  upcoming_procedures: [
    {
      patient_name: 'NOWAK, Ingrid',
      bed: '3',
      appointment_id: 'ap1',
      patient_id: 'p-3',
      title: 'Laparoscopy',
      starts_at: '2026-12-07T09:00:00Z',
      duration_minutes: 60,
      location: 'Theatre 2',
      status: 'scheduled',
      kind: 'procedure',
    },
  ],
  figures: {
    admitted: 18,
    open_tasks: 6,
    urgent_tasks: 2,
    done_tasks: 9,
    active_orders: 36,
    doses_due: 4,
    doses_overdue: 1,
    news2_medium: 1,
    news2_high: 1,
    without_obs: 0,
  },
};

describe('the ward dashboard', () => {
  it('shows who is ill and what is due first, the census, the pathway and the procedures to come', async () => {
    mockCommands({ ward_dashboard: () => dashboard });
    const onOpen = vi.fn();
    const { user } = renderUI(<WardDashboard onOpen={onOpen} />);
    expect(await screen.findByTestId('figure-news2_high')).toHaveTextContent('1NEWS2 7 or more');
    expect(screen.getByTestId('figure-doses_overdue')).toHaveTextContent('1Doses overdue');
    expect(screen.getByTestId('figure-admitted')).toHaveTextContent('18Admitted');
    expect(screen.getByTestId('census-ward')).toHaveTextContent('SURG-A18 admitted · 2 outpatient');
    expect(screen.getAllByTestId('pathway-stage').map((s) => s.textContent)).toEqual(['Pre-op3', 'Post-op14', 'No stage1']);
    expect(screen.getByTestId('procedure-line')).toHaveTextContent('Laparoscopy · Theatre 2');
    await user.click(screen.getByRole('button', { name: /NOWAK, Ingrid/ }));
    expect(onOpen).toHaveBeenCalledWith('p-3');
  });
});
