import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { MedicationsTab } from './MedicationsTab';
import { callsTo, mockCommands, renderUI, typeMinutesAgo } from '../test/render';
import type {
  Administration,
  AdministrationOutcome,
  Allergy,
  Entry,
  PrescriptionLine,
  PrescriptionStatus,
} from '../lib/types';
import { penicillin } from '../test/fixtures';

const order = (id: string, drug: string, status: PrescriptionStatus): PrescriptionLine => ({
  prescription_id: id,
  drug,
  dose: '1 g',
  route: 'oral',
  frequency: '6-hourly',
  start: '2026-11-20',
  end: null,
  prescriber: 'Dr Demo',
  status,
});

const dose = (id: string, rx: string, outcome: AdministrationOutcome, at: string): Entry<Administration> => ({
  record_id: id,
  prescription_id: rx,
  outcome,
  by: 'Nurse N',
  at,
  note: null,
  corrects: null,
});


function setup(allergies: Allergy[] = []) {
  const reload = vi.fn(async () => {});
  const view = renderUI(
    <MedicationsTab
      patientId="p1"
      prescriptions={[order('rx-stopped', 'Ceftriaxone', 'stopped'), order('rx-1', 'Paracetamol', 'active')]}
      administrations={[
        dose('d1', 'rx-1', 'given', '2026-11-23T06:00:00Z'),
        dose('d2', 'rx-1', 'refused', '2026-11-23T12:00:00Z'),
        dose('d3', 'rx-stopped', 'given', '2026-11-21T08:00:00Z'),
      ]}
      allergies={allergies}
      reload={reload}
    />,
  );
  return { reload, ...view };
}

describe('MedicationsTab', () => {
  it('records "Given" against the active order and reloads the chart', async () => {
    const calls = mockCommands({ record_administration: () => 'adm-1' });
    const { user, reload } = setup();
    const active = screen.getAllByTestId('med-item').find((el) => el.dataset.status === 'active')!;
    expect(within(active).getAllByTestId('mar-entry').map((e) => e.textContent)).toEqual([
      expect.stringContaining('Refused'),
      expect.stringContaining('Given'),
    ]);
    await user.click(within(active).getByTestId('mar-given'));
    // Nothing is recorded before the dose is confirmed with its time.
    expect(await screen.findByTestId('dose-order')).toHaveTextContent('Paracetamol');
    expect(callsTo(calls, 'record_administration')).toHaveLength(0);
    const time = screen.getByTestId('dose-time');
    expect(time).toHaveAttribute('type', 'datetime-local');
    const given = await typeMinutesAgo(user, time, 20);
    await user.type(screen.getByTestId('mar-note'), 'Left arm');
    await user.click(screen.getByTestId('dose-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(callsTo(calls, 'record_administration')).toEqual([
      {
        patientId: 'p1',
        prescriptionId: 'rx-1',
        outcome: 'given',
        note: 'Left arm',
        givenAt: given,
      },
    ]);
  });

  it('cancelling the dose dialog records nothing, and a future time is refused', async () => {
    const calls = mockCommands({ record_administration: () => 'adm-1' });
    const { user } = setup();
    const active = screen.getAllByTestId('med-item').find((el) => el.dataset.status === 'active')!;
    await user.click(within(active).getByTestId('mar-refused'));
    const time = await screen.findByTestId('dose-time');
    await typeMinutesAgo(user, time, -180);
    await user.click(screen.getByTestId('dose-confirm'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('That time is in the future.');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('dose-time')).toBeNull());
    expect(callsTo(calls, 'record_administration')).toHaveLength(0);
  });

  it('shows no dose or stop buttons on a stopped order, but keeps its record', () => {
    mockCommands({});
    setup();
    const stopped = screen.getAllByTestId('med-item').find((el) => el.dataset.status === 'stopped')!;
    for (const id of ['mar-given', 'mar-held', 'mar-refused', 'med-stop']) {
      expect(within(stopped).queryByTestId(id)).toBeNull();
    }
    expect(within(stopped).getAllByTestId('mar-entry')).toHaveLength(1);
    expect(screen.getAllByTestId('mar-given')).toHaveLength(1);
  });

  it('requires a reason to stop an order', async () => {
    const calls = mockCommands({ stop_prescription: () => null });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('med-stop'));
    await user.click(screen.getByTestId('med-stop-confirm'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('reason');
    expect(callsTo(calls, 'stop_prescription')).toHaveLength(0);
    await user.type(screen.getByTestId('med-stop-reason'), 'Course complete');
    await user.click(screen.getByTestId('med-stop-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(callsTo(calls, 'stop_prescription')).toEqual([
      { patientId: 'p1', prescriptionId: 'rx-1', reason: 'Course complete' },
    ]);
  });

  it('warns about a matching allergy and prescribes only on the second click', async () => {
    const calls = mockCommands({ prescribe: () => 'rx-new' });
    const { user, reload } = setup([penicillin]);
    await user.click(screen.getByTestId('med-open'));
    await screen.findByTestId('med-drug');
    expect(screen.getByTestId('med-route').tagName).toBe('SELECT');
    await user.type(screen.getByTestId('med-drug'), 'Benzyl penicillin');
    await user.type(screen.getByTestId('med-dose'), '1.2 g');
    await user.selectOptions(screen.getByTestId('med-route'), 'IV');
    await user.type(screen.getByTestId('med-frequency'), '6-hourly');
    await user.clear(screen.getByTestId('med-start'));
    await user.type(screen.getByTestId('med-start'), '2026-11-24');
    await user.click(screen.getByTestId('med-save'));
    expect(await screen.findByTestId('med-allergy-warning')).toHaveTextContent('Penicillin');
    expect(callsTo(calls, 'prescribe')).toHaveLength(0);
    expect(screen.getByTestId('med-save')).toHaveTextContent('Prescribe anyway');
    await user.click(screen.getByTestId('med-save'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(callsTo(calls, 'prescribe')).toEqual([
      {
        patientId: 'p1',
        prescription: {
          drug: 'Benzyl penicillin',
          dose: '1.2 g',
          route: 'IV',
          frequency: '6-hourly',
          start: '2026-11-24',
          end: null,
        },
      },
    ]);
  });
});

describe('a dose entered in error', () => {
  it('is marked with why, and stays on the record struck through with who and when', async () => {
    const calls = mockCommands({ mark_dose_in_error: () => 'c1' });
    const reload = vi.fn(async () => {});
    const given = dose('d1', 'rx-1', 'given', '2026-11-23T06:00:00Z');
    const { user, rerender } = renderUI(
      <MedicationsTab patientId="p1" prescriptions={[order('rx-1', 'Paracetamol', 'active')]} administrations={[given]} allergies={[]} reload={reload} />,
    );
    await user.click(screen.getByTestId('mar-mark-error'));
    await user.click(await screen.findByTestId('mar-error-confirm'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Say why the entry is in error');
    expect(callsTo(calls, 'mark_dose_in_error')).toHaveLength(0);
    await user.type(screen.getByTestId('mar-error-reason'), 'Wrong patient');
    await user.click(screen.getByTestId('mar-error-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(callsTo(calls, 'mark_dose_in_error')).toEqual([{ patientId: 'p1', recordId: 'd1', reason: 'Wrong patient' }]);

    // The chart reloads with the correction: the dose is struck through, not gone.
    const correction = { ...dose('c1', 'rx-1', 'entered_in_error', '2026-11-23T07:00:00Z'), by: 'Nurse Amara', note: 'Wrong patient', corrects: 'd1' };
    rerender(
      <MedicationsTab patientId="p1" prescriptions={[order('rx-1', 'Paracetamol', 'active')]} administrations={[given, correction]} allergies={[]} reload={reload} />,
    );
    const entries = screen.getAllByTestId('mar-entry');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toHaveAttribute('data-in-error', 'true');
    expect(within(entries[0]).getByTestId('mar-in-error')).toHaveTextContent('Entered in error: Wrong patient (Nurse Amara');
    expect(within(entries[0]).queryByTestId('mar-mark-error')).toBeNull();
  });
});
