import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { ProblemsCard } from './ProblemsCard';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { Entry, Problem, ProblemStatus } from '../lib/types';

const problem = (id: string, text: string, status: ProblemStatus, code = ''): Entry<Problem> => ({
  record_id: id,
  code,
  text,
  status,
  onset: null,
  recorded_by: 'Dr A',
  recorded_at: '2026-11-20T08:00:00Z',
});

function setup(problems: Entry<Problem>[] = []) {
  const reload = vi.fn(async () => {});
  const view = renderUI(<ProblemsCard patientId="p1" problems={problems} reload={reload} />);
  return { reload, ...view };
}

describe('ProblemsCard', () => {
  it('refuses a code that is not ICD-10, then sends a good one as typed', async () => {
    const calls = mockCommands({ add_problem: () => 'pr9' });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('problem-open'));
    await screen.findByTestId('problem-code');
    const onset = screen.getByTestId('problem-onset');
    // Dates are written as the chart shows them everywhere: YYYY-MM-DD, whatever the locale.
    expect(onset).toHaveAttribute('placeholder', '2026-11-23');
    await user.type(screen.getByTestId('problem-code'), 'appendix');
    await user.type(screen.getByTestId('problem-text'), 'Acute appendicitis');
    await user.click(screen.getByTestId('problem-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('"appendix" is not an ICD-10 code');
    expect(callsTo(calls, 'add_problem')).toHaveLength(0);

    await user.clear(screen.getByTestId('problem-code'));
    await user.type(screen.getByTestId('problem-code'), 'k35.8');
    await user.type(onset, '2024-01-20');
    await user.click(screen.getByTestId('problem-save'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'add_problem')).toEqual([
      { patientId: 'p1', problem: { code: 'k35.8', text: 'Acute appendicitis', onset: '2024-01-20' } },
    ]);
    expect(screen.queryByTestId('error-message')).toBeNull();
    // Saved, the panel closes on the list it added to.
    await waitFor(() => expect(screen.queryByTestId('problem-code')).toBeNull());
  });

  it('sends no onset when none is given', async () => {
    const calls = mockCommands({ add_problem: () => 'pr9' });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('problem-open'));
    await screen.findByTestId('problem-code');
    await user.type(screen.getByTestId('problem-code'), 'I10');
    await user.type(screen.getByTestId('problem-text'), 'Hypertension');
    await user.click(screen.getByTestId('problem-save'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(callsTo(calls, 'add_problem')).toEqual([
      { patientId: 'p1', problem: { code: 'I10', text: 'Hypertension', onset: null } },
    ]);
  });

  it('marks an active problem resolved and a resolved one active again', async () => {
    const calls = mockCommands({ set_problem_status: () => null });
    const { user, reload } = setup([
      problem('pr1', 'Old fracture', 'resolved', 'S72.0'),
      problem('pr2', 'Mistake', 'entered_in_error'),
      problem('pr3', 'Acute appendicitis', 'active', 'K35.8'),
    ]);
    const items = screen.getAllByTestId('problem-item');
    expect(items.map((i) => i.dataset.status)).toEqual(['active', 'resolved']);
    expect(items[0]).toHaveTextContent('Acute appendicitis (K35.8)');
    expect(within(items[0]).queryByTestId('problem-reactivate')).toBeNull();
    expect(within(items[1]).queryByTestId('problem-resolve')).toBeNull();

    await user.click(within(items[0]).getByTestId('problem-resolve'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    await user.click(within(items[1]).getByTestId('problem-reactivate'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));
    expect(callsTo(calls, 'set_problem_status')).toEqual([
      { patientId: 'p1', recordId: 'pr3', status: 'resolved' },
      { patientId: 'p1', recordId: 'pr1', status: 'active' },
    ]);
  });

  it('asks before marking a problem entered in error, then it leaves the list', async () => {
    const calls = mockCommands({ set_problem_status: () => null });
    const { user, reload } = setup([problem('pr3', 'Acute appendicitis', 'active', 'K35.8')]);
    await user.click(screen.getByTestId('problem-error'));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Mark “Acute appendicitis” as entered in error?');
    await user.click(screen.getByTestId('problem-error-cancel'));
    await waitFor(() => expect(screen.queryByTestId('problem-error-confirm')).toBeNull());
    expect(callsTo(calls, 'set_problem_status')).toHaveLength(0);

    await user.click(screen.getByTestId('problem-error'));
    await user.click(await screen.findByTestId('problem-error-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'set_problem_status')).toEqual([
      { patientId: 'p1', recordId: 'pr3', status: 'entered_in_error' },
    ]);
  });

  it('shows a refusal beside the problem in words', async () => {
    mockCommands({
      set_problem_status: () => {
        throw { code: 'NOT_FOUND', message: 'That problem is no longer on the list.' };
      },
    });
    const { user, reload } = setup([problem('pr3', 'Acute appendicitis', 'active', 'K35.8')]);
    await user.click(screen.getByTestId('problem-resolve'));
    const item = screen.getByTestId('problem-item');
    const error = await within(item).findByTestId('error-message');
    expect(error).toHaveTextContent('That problem is no longer on the list.');
    expect(reload).not.toHaveBeenCalled();
  });
});
