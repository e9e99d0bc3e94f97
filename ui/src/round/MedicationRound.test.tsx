import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { MedicationRound } from './MedicationRound';
import { callsTo, mockCommands, renderUI, typeMinutesAgo } from '../test/render';
import type { ScheduledDose } from '../lib/types';

const line = (bed: string, drug: string, dueAt: string, state: ScheduledDose['state']): ScheduledDose => ({
  patient_id: `p-${bed}`,
  patient_name: `PATIENT, Bed ${bed}`,
  bed,
  prescription_id: `rx-${bed}-${drug}`,
  drug,
  dose: '1 g',
  route: 'IV',
  due_at: dueAt,
  state,
  record_id: state === 'given' ? 'd1' : null,
  recorded_at: state === 'given' ? dueAt : null,
  recorded_by: state === 'given' ? 'Nurse Bello' : null,
  allergies: bed === '2' ? ['Penicillin (severe)'] : [],
});

const round = [
  line('2', 'Ceftriaxone', '2026-12-06T06:00:00Z', 'overdue'),
  line('10', 'Paracetamol', '2026-12-06T08:00:00Z', 'due'),
  line('3', 'Enoxaparin', '2026-12-06T11:00:00Z', 'upcoming'),
  line('4', 'Amoxicillin', '2026-12-06T06:00:00Z', 'given'),
];

describe('MedicationRound', () => {
  it('lists the doses to give first, then the next hours, then what was recorded, and says how many', async () => {
    mockCommands({ medication_round: () => round });
    renderUI(<MedicationRound onOpen={() => {}} />);
    expect(await screen.findByTestId('round-summary')).toHaveTextContent('2 to give now, 1 overdue · 1 in the next 4 hours');
    const tables = screen.getAllByTestId('round-table');
    expect(tables).toHaveLength(3);
    const states = tables.map((t) => within(t).getAllByTestId('round-line').map((l) => l.dataset.state));
    expect(states).toEqual([['overdue', 'due'], ['upcoming'], ['given']]);
    expect(within(tables[2]).getByText(/by Nurse Bello/)).toBeInTheDocument();
    // Whoever gives a dose sees the patient's allergies on its line, and how late it is.
    const overdue = within(tables[0]).getAllByTestId('round-line')[0];
    expect(within(overdue).getByTestId('round-allergies')).toHaveTextContent('Allergies: Penicillin (severe)');
    expect(within(overdue).getByTestId('round-late')).toHaveTextContent(/late$/);
    expect(within(tables[0]).getAllByTestId('round-allergies')).toHaveLength(1);
    // Only doses to give carry the buttons that record them.
    expect(within(tables[0]).getAllByTestId('round-given')).toHaveLength(2);
    expect(within(tables[1]).queryByTestId('round-given')).toBeNull();
  });

  it('records a due dose given, after confirming its time, and reloads the round', async () => {
    const calls = mockCommands({ medication_round: () => round, record_administration: () => 'adm-1' });
    const { user } = renderUI(<MedicationRound onOpen={() => {}} />);
    const due = (await screen.findAllByTestId('round-line')).find((l) => l.dataset.state === 'due')!;
    await user.click(within(due).getByTestId('round-given'));
    expect(await screen.findByTestId('dose-order')).toHaveTextContent('Paracetamol 1 g · IV');
    const at = await typeMinutesAgo(user, screen.getByTestId('dose-time'), 5);
    await user.click(screen.getByTestId('dose-confirm'));
    await waitFor(() => expect(callsTo(calls, 'record_administration')).toHaveLength(1));
    expect(callsTo(calls, 'record_administration')[0]).toEqual({
      patientId: 'p-10',
      prescriptionId: 'rx-10-Paracetamol',
      outcome: 'given',
      note: null,
      givenAt: at,
      overrideReason: null,
    });
    await waitFor(() => expect(callsTo(calls, 'medication_round')).toHaveLength(2));
  });

  it('opens the chart from a patient’s name', async () => {
    mockCommands({ medication_round: () => round });
    const onOpen = vi.fn();
    const { user } = renderUI(<MedicationRound onOpen={onOpen} />);
    await user.click(await screen.findByRole('button', { name: 'Open chart of PATIENT, Bed 2' }));
    expect(onOpen).toHaveBeenCalledWith('p-2');
  });

  it('says when nothing is scheduled', async () => {
    mockCommands({ medication_round: () => [] });
    renderUI(<MedicationRound onOpen={() => {}} />);
    expect(await screen.findByTestId('round-empty')).toHaveTextContent('No scheduled doses');
    expect(screen.getByTestId('round-summary')).toHaveTextContent('Nothing due now');
  });
});
