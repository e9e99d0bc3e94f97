import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Census } from './Census';
import { callsTo, mockCommands, permissionsOf, renderUI, sendEvent } from '../test/render';
import type { PatientSummary, Priority, Task } from '../lib/types';
import { deteriorating, okafor } from '../test/fixtures';

const lovelace: PatientSummary = { ...okafor, patient_id: 'p2', mrn: 'MRN-002', given_name: 'Ada', family_name: 'Lovelace', bed: '7', pathway: null };

const task = (title: string, priority: Priority, due: string | null): Task => ({
  title,
  assignee: 'demo.doctor',
  due,
  priority,
  status: 'todo',
  created_by: 'Nurse N',
  created_at: '2026-11-23T08:00:00',
  completed_at: null,
});

describe('Census', () => {
  it('searches with the typed text and renders the rows', async () => {
    const calls = mockCommands({
      patients: ({ text }) => (text ? [okafor, lovelace].filter((p) => p.family_name.toLowerCase().includes(String(text))) : [okafor, lovelace]),
    });
    const opened: string[] = [];
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={(id) => opened.push(id)} />);

    expect(await screen.findAllByTestId('patient-row')).toHaveLength(2);
    expect(callsTo(calls, 'patients')[0]).toEqual({ text: null });

    const search = screen.getByTestId('patient-search');
    expect(search.tagName).toBe('INPUT');
    await user.type(search, 'oka');
    await waitFor(() => expect(callsTo(calls, 'patients').slice(-1)[0]).toEqual({ text: 'oka' }));
    await waitFor(() => expect(screen.getAllByTestId('patient-row')).toHaveLength(1));

    const row = screen.getByTestId('patient-row');
    expect(row).toHaveTextContent('OKAFOR');
    expect(row).toHaveTextContent('MRN-001');
    expect(within(row).getByText('Post-op')).toBeInTheDocument();
    await user.click(row);
    expect(opened).toEqual(['p1']);
  });

  it('shows allergies and urgent tasks as alerts on the ward list', async () => {
    mockCommands({
      patients: () => [
        { ...okafor, active_allergies: 2, urgent_tasks: 1 },
        { ...lovelace, active_allergies: 0, urgent_tasks: 0 },
      ],
    });
    renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />);
    const [first, second] = await screen.findAllByTestId('patient-row');
    expect(within(first).getByTestId('patient-alerts')).toHaveTextContent('2 allergies');
    expect(within(first).getByTestId('patient-alerts')).toHaveTextContent('1 urgent task');
    expect(within(second).queryByTestId('patient-alerts')).toBeNull();
  });

  it('shows the doses overdue and due for each patient, and a dash when none waits', async () => {
    mockCommands({
      patients: () => [
        { ...okafor, doses_overdue: 2, doses_due: 1 },
        { ...lovelace, doses_overdue: 0, doses_due: 0 },
      ],
    });
    renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />);
    const [first, second] = await screen.findAllByTestId('patient-row');
    expect(within(first).getByTestId('meds-overdue')).toHaveTextContent('2 overdue');
    expect(within(first).getByTestId('meds-due')).toHaveTextContent('1 due');
    expect(within(second).getByTestId('patient-meds')).toHaveTextContent('—');
  });

  it('shows each patient\'s latest NEWS2 in its band\'s colour, and says when there are no obs', async () => {
    mockCommands({ patients: () => [{ ...okafor, latest_vitals: deteriorating }, lovelace] });
    renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />);
    const [first, second] = await screen.findAllByTestId('patient-row');
    const badge = within(first).getByTestId('news2-badge');
    expect(badge).toHaveTextContent('NEWS2 14');
    expect(badge).toHaveAttribute('data-band', 'high');
    expect(within(second).getByTestId('patient-news2')).toHaveTextContent('no obs');
  });

  it('says so when nothing matches, and shows errors in words', async () => {
    mockCommands({
      patients: ({ text }) => {
        if (text) throw { code: 'LOCKED', message: 'The workstation is locked.' };
        return [];
      },
    });
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />);
    expect(await screen.findByTestId('census-empty')).toBeInTheDocument();
    await user.type(screen.getByTestId('patient-search'), 'x');
    expect(await screen.findByTestId('error-message')).toHaveTextContent('The workstation is locked.');
  });

  it('registers a patient with the ward prefilled', async () => {
    const calls = mockCommands({ patients: () => [], possible_duplicates: () => [], register_patient: () => 'p9' });

    const { user } = renderUI(<Census wards={['DEMO-1', 'DEMO-2']} onOpen={() => {}} />);
    await user.click(screen.getByTestId('register-open'));
    const ward = await screen.findByTestId('reg-ward');
    expect(ward).toHaveValue('DEMO-1');
    expect(screen.getByTestId('reg-sex').tagName).toBe('SELECT');
    await user.type(screen.getByTestId('reg-given'), 'Ada');
    await user.type(screen.getByTestId('reg-family'), 'Lovelace');
    await user.type(screen.getByTestId('reg-birth'), '1985-12-10');
    await user.selectOptions(screen.getByTestId('reg-sex'), 'female');
    await user.type(screen.getByTestId('reg-bed'), '7');
    await user.click(screen.getByTestId('reg-submit'));
    await waitFor(() => expect(callsTo(calls, 'register_patient')).toHaveLength(1));
    expect(callsTo(calls, 'register_patient')[0]).toEqual({
      patient: {
        mrn: null,
        given_name: 'Ada',
        family_name: 'Lovelace',
        birth_date: '1985-12-10',
        sex: 'female',
        phone: null,
        address: null,
        ward: 'DEMO-1',
        bed: '7',
      },
    });
    // The census then shows the new patient on their own.
    await waitFor(() => expect(callsTo(calls, 'patients').slice(-1)[0]).toEqual({ text: 'Lovelace' }));
    expect(screen.getByTestId('patient-search')).toHaveValue('Lovelace');
    expect(screen.getByTestId('registered-notice')).toHaveTextContent('Ada Lovelace registered');
  });

  it('shows a possible duplicate before registering, and registers only when told it is someone else', async () => {
    const calls = mockCommands({ patients: () => [], possible_duplicates: () => [okafor], register_patient: () => 'p9' });
    const opened: string[] = [];
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={(id) => opened.push(id)} />);
    await user.click(screen.getByTestId('register-open'));
    await user.type(await screen.findByTestId('reg-given'), 'Chidi');
    await user.type(screen.getByTestId('reg-family'), 'Okafr');
    await user.type(screen.getByTestId('reg-birth'), '1970-02-03');
    await user.click(screen.getByTestId('reg-submit'));

    const warning = await screen.findByTestId('reg-duplicates');
    expect(warning).toHaveTextContent('1 patient here has this birth date and a similar name');
    expect(warning).toHaveTextContent('OKAFOR, Chidi · born 1970-02-03 · MRN MRN-001 · DEMO-1 bed 4');
    expect(callsTo(calls, 'possible_duplicates')[0]).toEqual({ givenName: 'Chidi', familyName: 'Okafr', birthDate: '1970-02-03' });
    expect(callsTo(calls, 'register_patient')).toHaveLength(0);
    expect(screen.getByTestId('reg-submit')).toHaveTextContent('Register as a new patient');

    // Changing the name asks again; the same name, confirmed, registers.
    await user.type(screen.getByTestId('reg-family'), 'x');
    expect(screen.queryByTestId('reg-duplicates')).toBeNull();
    await user.click(screen.getByTestId('reg-submit'));
    await screen.findByTestId('reg-duplicates');
    expect(callsTo(calls, 'possible_duplicates')).toHaveLength(2);
    await user.click(screen.getByTestId('reg-submit'));
    await waitFor(() => expect(callsTo(calls, 'register_patient')).toHaveLength(1));
  });

  it('opens the existing chart from the duplicate warning', async () => {
    const calls = mockCommands({ patients: () => [], possible_duplicates: () => [okafor] });
    const opened: string[] = [];
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={(id) => opened.push(id)} />);
    await user.click(screen.getByTestId('register-open'));
    await user.type(await screen.findByTestId('reg-given'), 'Chidi');
    await user.type(screen.getByTestId('reg-family'), 'Okafor');
    await user.type(screen.getByTestId('reg-birth'), '1970-02-03');
    await user.click(screen.getByTestId('reg-submit'));
    const warning = await screen.findByTestId('reg-duplicates');
    await user.click(within(warning).getByRole('button', { name: 'Open chart' }));
    expect(opened).toEqual(['p1']);
    expect(callsTo(calls, 'register_patient')).toHaveLength(0);
  });

  it('opens the chart of a scanned wristband, and says when it is not here', async () => {
    const calls = mockCommands({
      patients: ({ text }) => (text === 'MRN-002' ? [lovelace] : text ? [] : [okafor, lovelace]),
    });
    const opened: string[] = [];
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={(id) => opened.push(id)} />);
    await screen.findAllByTestId('patient-row');
    // A scanner types the code and presses Enter.
    await user.type(screen.getByTestId('patient-search'), 'BEDSIDE:MRN:MRN-002{Enter}');
    await waitFor(() => expect(opened).toEqual(['p2']));
    expect(callsTo(calls, 'patients')).toContainEqual({ text: 'MRN-002' });

    await user.type(screen.getByTestId('patient-search'), 'BEDSIDE:MRN:MRN-404{Enter}');
    expect(await screen.findByTestId('scan-not-found')).toHaveTextContent('No patient with MRN MRN-404 on this workstation');
    expect(opened).toEqual(['p2']);
  });

  it('offers registering only to the roles that register', async () => {
    mockCommands({ patients: () => [okafor] });
    const nurse = renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />, { may: permissionsOf('NURSE') });
    await screen.findAllByTestId('patient-row');
    expect(screen.queryByTestId('register-open')).toBeNull();
    nurse.unmount();
    renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />, { may: permissionsOf('CLERK') });
    expect(await screen.findByTestId('register-open')).toBeInTheDocument();
  });

  it('reads in bed order with each patient’s age and identity alerts', async () => {
    const twin = { ...lovelace, patient_id: 'p3', given_name: 'Ada', family_name: 'Lovelase', bed: '8' };
    mockCommands({
      patients: () => [
        { ...lovelace, namesakes: [{ bed: '8', mrn: 'MRN-003' }] },
        { ...twin, namesakes: [{ bed: '7', mrn: 'MRN-002' }], bed_shared: true },
      ],
    });
    renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />);
    const rows = await screen.findAllByTestId('patient-row');
    expect(within(rows[0]).getByTestId('patient-bed')).toHaveTextContent('7 DEMO-1');
    expect(within(rows[0]).getByTestId('name-alert')).toHaveTextContent('Name alert · bed 8');
    expect(within(rows[1]).getByTestId('bed-shared')).toHaveTextContent('Bed 8 shared');
    expect(rows[0]).toHaveTextContent(/\d+ y/);
  });

  it('lists my tasks with the patient’s name and bed, and opens the chart from one', async () => {
    let lines = [
      { record_id: 't1', patient_id: 'p2', ...task('Check drain', 'urgent', '2026-11-23T14:00:00') },
      { record_id: 't2', patient_id: 'p1', ...task('Book physio', 'routine', null) },
      { record_id: 't3', patient_id: 'p-elsewhere', ...task('Call family', 'routine', null) },
    ];
    const calls = mockCommands({ patients: () => [okafor, lovelace], my_tasks: () => lines });
    const opened: string[] = [];
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={(id) => opened.push(id)} />);

    const card = await screen.findByTestId('my-tasks');
    await waitFor(() => expect(within(card).getAllByTestId('my-task')[0]).toHaveTextContent('LOVELACE, Ada · bed 7'));
    const rows = within(card).getAllByTestId('my-task');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('Check drain');
    expect(rows[0]).toHaveTextContent('Urgent');
    expect(rows[0]).toHaveTextContent('2026-11-23 14:00');
    expect(rows[1]).toHaveTextContent('OKAFOR, Chidi · bed 4');
    expect(rows[1]).toHaveTextContent('Routine');
    expect(within(rows[2]).getByTestId('my-task-patient')).toHaveTextContent(/^Patient$/);

    await user.click(within(rows[0]).getByTestId('my-task-patient'));
    expect(opened).toEqual(['p2']);

    lines = [];
    await sendEvent('bedside://changed');
    expect(await within(card).findByText('No open tasks assigned to you.')).toBeInTheDocument();
    expect(callsTo(calls, 'my_tasks').length).toBeGreaterThanOrEqual(2);
  });

  it('keeps naming a task’s patient while the search hides them', async () => {
    mockCommands({
      patients: ({ text }) => (text ? [okafor] : [okafor, lovelace]),
      my_tasks: () => [{ record_id: 't1', patient_id: 'p2', ...task('Check drain', 'urgent', null) }],
    });
    const { user } = renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} />);
    await waitFor(() => expect(screen.getByTestId('my-task-patient')).toHaveTextContent('LOVELACE, Ada'));
    await user.type(screen.getByTestId('patient-search'), 'oka');
    await waitFor(() => expect(screen.getAllByTestId('patient-row')).toHaveLength(1));
    expect(screen.getByTestId('my-task-patient')).toHaveTextContent('LOVELACE, Ada');
  });

  it('shows the ward arriving on a fresh workstation instead of an empty list', async () => {
    mockCommands({ patients: () => [] });
    const progress = { documents_done: 120, documents_total: 400, bytes_received: 2_300_000, bytes_sent: 1_000 };
    const { rerender } = renderUI(<Census wards={['DEMO-1']} onOpen={() => {}} arriving progress={null} />);
    expect(await screen.findByText('Bringing the ward to this workstation')).toBeInTheDocument();
    expect(screen.queryByTestId('census-empty')).toBeNull();
    expect(screen.queryByTestId('first-sync-progress')).toBeNull();

    rerender(<Census wards={['DEMO-1']} onOpen={() => {}} arriving progress={progress} />);
    expect(screen.getByTestId('first-sync-progress')).toHaveTextContent('Fetching charts: 120 of 400 · 2.3 MB');
    expect(within(screen.getByTestId('first-sync-progress')).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30');

    rerender(<Census wards={['DEMO-1']} onOpen={() => {}} arriving={false} progress={null} />);
    expect(screen.queryByTestId('first-sync')).toBeNull();
    expect(screen.getByTestId('census-empty')).toBeInTheDocument();
  });
});
