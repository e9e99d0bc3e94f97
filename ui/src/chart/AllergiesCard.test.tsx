import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { AllergiesCard } from './AllergiesCard';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { Allergy, Entry } from '../lib/types';
import { penicillin } from '../test/fixtures';

const latex: Entry<Allergy> = {
  ...penicillin,
  record_id: 'a2',
  substance: 'Latex',
  severity: 'mild',
  status: 'inactive',
};

function setup(allergies: Entry<Allergy>[] = []) {
  const reload = vi.fn(async () => {});
  const view = renderUI(<AllergiesCard patientId="p1" allergies={allergies} reload={reload} />);
  return { reload, ...view };
}

describe('AllergiesCard', () => {
  it('records an allergy with the severity chosen, then clears the form and reloads the chart', async () => {
    const calls = mockCommands({ record_allergy: () => 'a9' });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('allergy-open'));
    await screen.findByTestId('allergy-substance');
    const severity = screen.getByTestId('allergy-severity');
    expect(severity.tagName).toBe('SELECT');
    expect(severity).toHaveValue('');
    await user.type(screen.getByTestId('allergy-substance'), ' Penicillin ');
    await user.type(screen.getByTestId('allergy-reaction'), 'Urticaria');
    await user.selectOptions(severity, 'life_threatening');
    expect(severity).toHaveDisplayValue('Life-threatening');
    await user.click(screen.getByTestId('allergy-save'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'record_allergy')).toEqual([
      { patientId: 'p1', allergy: { substance: 'Penicillin', reaction: 'Urticaria', severity: 'life_threatening' } },
    ]);
    // Saved, the panel closes on the card it added to.
    await waitFor(() => expect(screen.queryByTestId('allergy-substance')).toBeNull());
  });

  it('refuses an allergy without a severity chosen, or without a reaction, before sending anything', async () => {
    const calls = mockCommands({ record_allergy: () => 'a9' });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('allergy-open'));
    await screen.findByTestId('allergy-substance');
    await user.type(screen.getByTestId('allergy-substance'), 'Penicillin');
    await user.type(screen.getByTestId('allergy-reaction'), 'Rash');
    await user.click(screen.getByTestId('allergy-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Choose how severe the reaction is.');

    await user.selectOptions(screen.getByTestId('allergy-severity'), 'severe');
    await user.clear(screen.getByTestId('allergy-reaction'));
    await user.click(screen.getByTestId('allergy-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Describe the reaction, e.g. rash or wheeze.');
    expect(callsTo(calls, 'record_allergy')).toHaveLength(0);
    expect(reload).not.toHaveBeenCalled();
    expect(screen.getByTestId('allergy-substance')).toHaveValue('Penicillin');
  });

  it('shows a refusal in words and keeps what was typed', async () => {
    mockCommands({
      record_allergy: () => {
        throw { code: 'FORBIDDEN', message: 'Your role may not record allergies.' };
      },
    });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('allergy-open'));
    await screen.findByTestId('allergy-substance');
    await user.type(screen.getByTestId('allergy-substance'), 'Codeine');
    await user.type(screen.getByTestId('allergy-reaction'), 'Vomiting');
    await user.selectOptions(screen.getByTestId('allergy-severity'), 'moderate');
    await user.click(screen.getByTestId('allergy-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Your role may not record allergies.');
    expect(screen.getByTestId('allergy-substance')).toHaveValue('Codeine');
    expect(screen.getByTestId('allergy-reaction')).toHaveValue('Vomiting');
    expect(screen.getByTestId('allergy-severity')).toHaveValue('moderate');
    expect(reload).not.toHaveBeenCalled();
  });

  it('lists every allergy, active first, with the buttons that fit its status', () => {
    mockCommands({});
    const iodine: Entry<Allergy> = { ...latex, record_id: 'a3', substance: 'Iodine', status: 'entered_in_error' };
    setup([latex, { ...penicillin, record_id: 'a1' }, iodine]);
    const items = screen.getAllByTestId('allergy-item');
    expect(items.map((i) => i.dataset.status)).toEqual(['active', 'inactive', 'entered_in_error']);
    expect(items[0]).toHaveTextContent('Penicillin');
    expect(items[0]).toHaveTextContent('Severe');
    expect(items[0]).toHaveTextContent('Reaction: rash');
    expect(items[0]).toHaveTextContent('Recorded by Dr A');
    expect(within(items[0]).getByTestId('allergy-inactive')).toBeInTheDocument();
    expect(within(items[0]).getByTestId('allergy-error')).toBeInTheDocument();
    expect(within(items[0]).queryByTestId('allergy-active')).toBeNull();
    expect(within(items[1]).getByTestId('allergy-active')).toBeInTheDocument();
    expect(within(items[1]).queryByTestId('allergy-inactive')).toBeNull();
    expect(within(items[2]).queryByRole('button')).toBeNull();
    expect(items[2]).toHaveTextContent('Entered in error');
  });

  it('asks before marking an allergy entered in error', async () => {
    const calls = mockCommands({ set_allergy_status: () => null });
    const { user, reload } = setup([{ ...penicillin, record_id: 'a1' }]);
    await user.click(screen.getByTestId('allergy-error'));
    const confirm = await screen.findByTestId('allergy-error-confirm');
    expect(screen.getByRole('dialog')).toHaveTextContent('Mark the Penicillin allergy as entered in error?');
    expect(callsTo(calls, 'set_allergy_status')).toHaveLength(0);

    await user.click(screen.getByTestId('allergy-error-cancel'));
    await waitFor(() => expect(screen.queryByTestId('allergy-error-confirm')).toBeNull());
    expect(callsTo(calls, 'set_allergy_status')).toHaveLength(0);

    await user.click(screen.getByTestId('allergy-error'));
    await user.click(await screen.findByTestId('allergy-error-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(confirm).not.toBeInTheDocument();
    expect(callsTo(calls, 'set_allergy_status')).toEqual([
      { patientId: 'p1', recordId: 'a1', status: 'entered_in_error' },
    ]);
  });

  it('asks before marking an allergy inactive (prescribing stops warning), and makes one active again at once', async () => {
    const calls = mockCommands({ set_allergy_status: () => null });
    const { user, reload } = setup([{ ...penicillin, record_id: 'a1' }, latex]);
    await user.click(screen.getByTestId('allergy-inactive'));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Prescribing no longer warns about it');
    expect(callsTo(calls, 'set_allergy_status')).toHaveLength(0);
    await user.click(screen.getByTestId('allergy-inactive-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    await user.click(screen.getByTestId('allergy-active'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));
    expect(callsTo(calls, 'set_allergy_status')).toEqual([
      { patientId: 'p1', recordId: 'a1', status: 'inactive' },
      { patientId: 'p1', recordId: 'a2', status: 'active' },
    ]);
  });
});
