import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { TasksTab } from './TasksTab';
import { callsTo, mockCommands, renderUI } from '../test/render';

function setup() {
  const reload = vi.fn(async () => {});
  const view = renderUI(<TasksTab patientId="p1" tasks={[]} username="demo.doctor" reload={reload} />);
  return { reload, ...view };
}

describe('TasksTab', () => {
  it('assigns a new task to the logged-in clinician unless told otherwise', async () => {
    const calls = mockCommands({ add_task: () => 't1' });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('task-open'));
    await screen.findByTestId('task-title');
    const assign = screen.getByTestId('task-assign-me');
    expect(assign.tagName).toBe('INPUT');
    expect(assign).toBeChecked();

    await user.type(screen.getByTestId('task-title'), 'Check drain output');
    await user.selectOptions(screen.getByTestId('task-priority'), 'urgent');
    await user.click(screen.getByTestId('task-add'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByTestId('task-title')).toBeNull());

    await user.click(screen.getByTestId('task-open'));
    await screen.findByTestId('task-title');
    await user.click(screen.getByTestId('task-assign-me'));
    expect(screen.getByTestId('task-assign-me')).not.toBeChecked();
    await user.type(screen.getByTestId('task-title'), 'Book physio');
    await user.click(screen.getByTestId('task-add'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));

    expect(callsTo(calls, 'add_task')).toEqual([
      {
        patientId: 'p1',
        task: { title: 'Check drain output', assignee: 'demo.doctor', due: null, priority: 'urgent' },
      },
      { patientId: 'p1', task: { title: 'Book physio', assignee: null, due: null, priority: 'routine' } },
    ]);
  });
});
