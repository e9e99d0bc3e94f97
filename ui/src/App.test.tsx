import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { App } from './App';
import { callsTo, mockCommands, renderUI, sendEvent, status } from './test/render';
import type { Chart, Clinician, NoteKind, PatientSummary } from './lib/types';
import { okafor } from './test/fixtures';

const clinician: Clinician = { user_id: 'u1', username: 'demo.doctor', display_name: 'Dr Demo', roles: ['DOCTOR'], offline: false };
const patient: PatientSummary = { ...okafor, pathway: 'pre_op' };

function chart(notes: Chart['notes']): Chart {
  return {
    patient,
    notes,
    prescriptions: [],
    appointments: [],
    allergies: [
      { record_id: 'a1', substance: 'Penicillin', reaction: '', severity: 'severe', status: 'active', recorded_by: 'Dr A', recorded_at: '2026-01-01T00:00:00Z' },
    ],
    problems: [],
    vitals: [],
    tasks: [],
    documents: [],
    tiles: [{ category: 'lab', count: 2 }],
    administrations: [],
  };
}

describe('App', () => {
  it('shows enrollment on a new workstation', async () => {
    mockCommands({ workstation_status: () => status({ enrolled: false }) });
    renderUI(<App />);
    expect(await screen.findByTestId('enroll-server')).toBeInTheDocument();
    expect(screen.getByTestId('enroll-code').tagName).toBe('INPUT');
  });

  it('shows login, then unlock when locked', async () => {
    mockCommands({ workstation_status: () => status({ clinician: null }) });
    const first = renderUI(<App />);
    expect(await screen.findByTestId('login-username')).toBeInTheDocument();
    first.unmount();
    mockCommands({ workstation_status: () => status({ clinician, locked: true }) });
    renderUI(<App />);
    expect(await screen.findByTestId('unlock-password')).toBeInTheDocument();
  });

  it('explains a workstation whose data this keyring cannot open, and sets it aside only when confirmed', async () => {
    const calls = mockCommands({
      workstation_status: () => {
        throw { code: 'UNAUTHENTICATED', message: 'the database key for this workstation is missing from the OS keyring' };
      },
      startup_problem: () => ({ message: 'missing key', unreadable: true, folder: '/home/nurse/.local/share/bedside' }),
      set_aside_workstation: () => null,
    });
    const { user } = renderUI(<App />);
    expect(await screen.findByText("This workstation's data is locked")).toBeInTheDocument();
    expect(screen.getByText(/cannot be read without the original keyring/)).toBeInTheDocument();
    await user.click(screen.getByTestId('unreadable-set-aside'));
    await user.click(await screen.findByTestId('unreadable-cancel'));
    expect(callsTo(calls, 'set_aside_workstation')).toHaveLength(0);
    await user.click(screen.getByTestId('unreadable-set-aside'));
    await user.click(await screen.findByTestId('unreadable-confirm'));
    await waitFor(() => expect(callsTo(calls, 'set_aside_workstation')).toHaveLength(1));
  });

  it('counts what waits in the Inbox in the header', async () => {
    mockCommands({ workstation_status: () => status({ clinician, conflicts: 1, set_aside: 1 }), patients: () => [] });
    renderUI(<App />);
    expect(await screen.findByTestId('inbox-count')).toHaveTextContent('2');
    expect(screen.getByTestId('inbox-count')).toHaveAttribute('title', '1 conflict and 1 set-aside edit');
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-state', 'attention');
  });

  it('opens a chart from the census and writes, saves and signs a note', async () => {
    let notes: Chart['notes'] = [];
    const calls = mockCommands({
      workstation_status: () => status({ clinician, pending_changes: 1 }),
      patients: () => [patient],
      chart: () => chart(notes),
      begin_note: ({ text, kind }) => {
        notes = [{ note_id: 'n1', kind: kind as NoteKind, author: 'Dr Demo', status: 'draft', body: String(text), signed_by: null, signed_at: null }];
        return 'n1';
      },
      write_note: ({ text }) => {
        notes = [{ ...notes[0], body: String(text) }];
        return null;
      },
      sign_note: () => {
        notes = [{ ...notes[0], status: 'signed', signed_by: 'Dr Demo', signed_at: '2026-11-23T10:00:00' }];
        return null;
      },
    });
    const { user } = renderUI(<App />);

    const bar = await screen.findByTestId('sync-status');
    expect(bar).toHaveAttribute('data-state', 'pending');
    expect(bar).toHaveTextContent('1 change waiting');
    expect(screen.getByText('Dr Demo')).toBeInTheDocument();

    await user.click(await screen.findByTestId('patient-row'));
    expect(await screen.findByTestId('chart-header')).toHaveTextContent('MRN-001');
    expect(screen.getByTestId('allergy-banner')).toHaveTextContent('Allergies: Penicillin (severe)');

    await user.click(screen.getByTestId('tab-documents'));
    expect(await screen.findByTestId('doc-tile-lab')).toHaveAttribute('data-count', '2');
    expect(screen.getByTestId('doc-tile-preop')).toHaveAttribute('data-count', '0');

    await user.click(screen.getByTestId('tab-notes'));
    await user.click(await screen.findByTestId('note-open'));
    await user.selectOptions(await screen.findByTestId('note-kind'), 'nursing');
    await user.type(screen.getByTestId('note-text'), 'Comfortable overnight.');
    await user.click(screen.getByTestId('note-save'));
    await waitFor(() => expect(screen.getByTestId('note-item')).toHaveTextContent('draft'));
    expect(callsTo(calls, 'begin_note')).toEqual([{ patientId: 'p1', kind: 'nursing', text: 'Comfortable overnight.' }]);

    await user.type(screen.getByTestId('note-text'), ' Eating.');
    await user.click(screen.getByTestId('note-save'));
    await waitFor(() =>
      expect(callsTo(calls, 'write_note')).toEqual([{ patientId: 'p1', noteId: 'n1', text: 'Comfortable overnight. Eating.' }]),
    );

    await user.click(screen.getByTestId('note-sign'));
    await waitFor(() => expect(screen.getByTestId('note-item')).toHaveTextContent('signed'));
    expect(callsTo(calls, 'sign_note')).toEqual([{ patientId: 'p1', noteId: 'n1' }]);
    expect(within(screen.getByTestId('note-item')).getByText(/Signed by Dr Demo/)).toBeInTheDocument();
    // Signed, the panel closes on the notes.
    await waitFor(() => expect(screen.queryByTestId('note-text')).toBeNull());

    await user.click(screen.getByTestId('nav-census'));
    expect(await screen.findByTestId('patient-search')).toBeInTheDocument();
  });

  it('shows the ward arriving on a fresh workstation, with progress in the status bar, until the sync ends', async () => {
    let current = status({ clinician, last_sync: null, syncing: true });
    mockCommands({ workstation_status: () => current, patients: () => [] });
    renderUI(<App />);
    expect(await screen.findByText('Bringing the ward to this workstation')).toBeInTheDocument();
    expect(screen.queryByTestId('census-empty')).toBeNull();

    await sendEvent('bedside://progress', { documents_done: 1, documents_total: 4, bytes_received: 1500, bytes_sent: 200 });
    expect(screen.getByTestId('first-sync-progress')).toHaveTextContent('Fetching charts: 1 of 4 · 1.5 kB');
    expect(screen.getByTestId('sync-progress')).toHaveTextContent('Fetching charts: 1 of 4 · 1.5 kB');

    current = status({ clinician, last_sync: '2026-11-23T09:05:00', syncing: false });
    await sendEvent('bedside://status', current);
    await waitFor(() => expect(screen.queryByTestId('sync-progress')).toBeNull());
    expect(screen.queryByTestId('first-sync')).toBeNull();
    expect(await screen.findByTestId('census-empty')).toBeInTheDocument();
  });
});
