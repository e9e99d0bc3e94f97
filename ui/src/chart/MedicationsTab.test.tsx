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
  ScheduledDose,
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
  schedule: null,
  doses: null,
});

const dose = (id: string, rx: string, outcome: AdministrationOutcome, at: string): Entry<Administration> => ({
  record_id: id,
  prescription_id: rx,
  outcome,
  by: 'Nurse N',
  at,
  note: null,
  corrects: null,
  override_reason: null,
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
        overrideReason: null,
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
    await user.type(screen.getByTestId('med-times'), '6:00, 12:00 18:00,00:00');
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
          frequency: '00:00, 06:00, 12:00, 18:00',
          start: '2026-11-24',
          end: null,
          schedule: { timing: 'times_of_day', at: ['00:00', '06:00', '12:00', '18:00'], hours: null, max_per_day: null },
          doses: null,
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

const slot = (rx: string, dueAt: string, state: ScheduledDose['state']): ScheduledDose => ({
  patient_id: 'p1',
  patient_name: 'OKAFOR, Chidi',
  bed: '4',
  prescription_id: rx,
  drug: 'Paracetamol',
  dose: '1 g',
  route: 'oral',
  due_at: dueAt,
  state,
  record_id: state === 'given' ? 'd1' : null,
  recorded_at: state === 'given' ? dueAt : null,
  recorded_by: state === 'given' ? 'Nurse N' : null,
  allergies: [],
});

describe('the dose times of a scheduled order', () => {
  it('shows each time with its state, and a due or overdue one opens the dose dialog', async () => {
    const calls = mockCommands({
      dose_grid: () => [
        slot('rx-1', '2026-11-23T06:00:00Z', 'given'),
        slot('rx-1', '2026-11-23T12:00:00Z', 'overdue'),
        slot('rx-1', '2026-11-23T18:00:00Z', 'upcoming'),
      ],
      record_administration: () => 'adm-2',
    });
    const { user } = setup();
    const active = screen.getAllByTestId('med-item').find((el) => el.dataset.status === 'active')!;
    const cells = await within(active).findAllByTestId('dose-time-cell');
    expect(cells.map((c) => c.dataset.state)).toEqual(['given', 'overdue', 'upcoming']);
    expect(cells[1]).toHaveTextContent('Overdue');
    expect(callsTo(calls, 'dose_grid')).toEqual([{ patientId: 'p1' }]);
    // Only the dose still to give is a button.
    expect(within(active).getAllByRole('button', { name: /Record the .* dose/ })).toHaveLength(1);
    await user.click(within(active).getByRole('button', { name: /Record the .* dose/ }));
    expect(await screen.findByTestId('dose-order')).toHaveTextContent('Paracetamol');
    expect(screen.getByTestId('dose-confirm')).toHaveTextContent('Record given');
  });
});

describe('an as-needed order', () => {
  const prn: PrescriptionLine = {
    ...order('rx-prn', 'Oxycodone', 'active'),
    frequency: 'as needed, 4 h apart',
    schedule: { timing: 'as_needed', at: [], hours: 4, max_per_day: null },
  };

  it('says when the next dose is allowed, and gives one sooner only with a reason', async () => {
    let refused = true;
    const calls = mockCommands({
      record_administration: (args) => {
        if (refused && !args.overrideReason) {
          throw { code: 'CONFLICT', message: 'the last dose was given at 06:00; the next is allowed from 10:00: give a reason to give it anyway' };
        }
        refused = false;
        return 'adm-3';
      },
    });
    const reload = vi.fn(async () => {});
    const lastGiven = new Date(Date.now() - 60 * 60_000).toISOString();
    const { user } = renderUI(
      <MedicationsTab
        patientId="p1"
        prescriptions={[prn]}
        administrations={[dose('d9', 'rx-prn', 'given', lastGiven)]}
        allergies={[]}
        reload={reload}
      />,
    );
    expect(screen.getByTestId('prn-next')).toHaveTextContent(/Last given \d\d:\d\d · next from \d\d:\d\d/);
    await user.click(screen.getByTestId('mar-given'));
    await user.click(await screen.findByTestId('dose-confirm'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('the next is allowed from 10:00');
    expect(screen.getByTestId('dose-confirm')).toHaveTextContent('Give anyway');
    await user.click(screen.getByTestId('dose-confirm'));
    expect(await screen.findByText('Give the reason for giving this dose anyway.')).toBeInTheDocument();
    await user.type(screen.getByTestId('dose-override-reason'), 'Pain 9/10');
    await user.click(screen.getByTestId('dose-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    const sent = callsTo(calls, 'record_administration');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ prescriptionId: 'rx-prn', outcome: 'given', overrideReason: 'Pain 9/10' });
  });
});
