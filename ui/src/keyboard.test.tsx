import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { App } from './App';
import { mockCommands, renderUI, status } from './test/render';
import type { Chart, Clinician } from './lib/types';
import { okafor } from './test/fixtures';
import appCss from './app.css?raw';

const clinician: Clinician = { user_id: 'u1', username: 'demo.doctor', display_name: 'Dr Demo', roles: ['DOCTOR'], offline: false };
const other = { ...okafor, patient_id: 'p2', mrn: 'MRN-002', given_name: 'Ada', family_name: 'Lovelace', bed: '7' };

const chart: Chart = {
  patient: okafor,
  notes: [],
  prescriptions: [],
  appointments: [],
  allergies: [],
  problems: [],
  vitals: [],
  tasks: [],
  documents: [],
  tiles: [],
  administrations: [],
};

/** The focused element, which must be a control a keyboard user can operate. */
function focusedControl(): HTMLElement {
  const el = document.activeElement as HTMLElement | null;
  expect(el).not.toBeNull();
  expect(el).not.toBe(document.body);
  const native = ['INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'A'].includes(el!.tagName);
  const role = el!.getAttribute('role');
  expect(native || role === 'tab' || role === 'button').toBe(true);
  expect(el!.tabIndex).toBeGreaterThanOrEqual(0);
  expect(el).not.toBeDisabled();
  return el!;
}

describe('keyboard only', () => {
  it('logs in, finds a patient, opens the chart, moves between tabs and reaches the note editor', async () => {
    let loggedIn = false;
    mockCommands({
      workstation_status: () => status({ clinician: loggedIn ? clinician : null }),
      login: () => {
        loggedIn = true;
        return clinician;
      },
      patients: ({ text }) => [okafor, other].filter((p) => !text || p.family_name.toLowerCase().includes(String(text).toLowerCase())),
      chart: () => chart,
    });
    const { user } = renderUI(<App />);

    // Log in: the username field has focus, Tab reaches the password, Enter submits.
    const username = await screen.findByTestId('login-username');
    await waitFor(() => expect(document.activeElement).toBe(username));
    await user.keyboard('demo.doctor');
    await user.tab();
    expect(focusedControl()).toBe(screen.getByTestId('login-password'));
    await user.keyboard('bedside-demo{Enter}');

    // The ward list opens with the search field focused.
    const search = await screen.findByTestId('patient-search');
    await waitFor(() => expect(focusedControl()).toBe(search));
    await user.keyboard('okafor');
    await waitFor(() => expect(screen.getAllByTestId('patient-row')).toHaveLength(1));

    // Tab reaches the patient and Enter opens the chart.
    await user.tab();
    const open = focusedControl();
    expect(open).toHaveAccessibleName('Open chart of Chidi Okafor');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('chart-header')).toHaveTextContent('MRN-001');

    // Focus moves to the patient's name at the top of the chart; Tab reaches the header's buttons,
    // then the selected tab.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('chart-name')));
    await user.tab();
    expect(focusedControl()).toBe(screen.getByTestId('print-wristband'));
    await user.tab();
    expect(focusedControl()).toBe(screen.getByTestId('patient-edit-open'));
    await user.tab();
    expect(focusedControl()).toBe(screen.getByTestId('discharge-open'));
    await user.tab();
    expect(focusedControl()).toBe(screen.getByTestId('tab-summary'));
    expect(screen.getByTestId('tab-summary')).toHaveAttribute('aria-selected', 'true');

    // Arrow keys move between tabs and select them.
    await user.keyboard('{ArrowRight}');
    expect(focusedControl()).toBe(screen.getByTestId('tab-notes'));
    await user.keyboard('{ArrowRight}');
    expect(focusedControl()).toBe(screen.getByTestId('tab-vitals'));
    expect(screen.getByTestId('tab-vitals')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowLeft}');
    expect(focusedControl()).toBe(screen.getByTestId('tab-notes'));
    expect(screen.getByTestId('tab-notes')).toHaveAttribute('aria-selected', 'true');

    // Tab goes into the notes: "Write a note" opens the panel with the note itself focused, its kind one step back.
    await user.tab();
    expect(focusedControl()).toBe(await screen.findByTestId('note-open'));
    await user.keyboard('{Enter}');
    const text = await screen.findByTestId('note-text');
    await waitFor(() => expect(focusedControl()).toBe(text));
    await user.tab({ shift: true });
    expect(focusedControl()).toBe(screen.getByTestId('note-kind'));
    await user.tab();
    await user.keyboard('Comfortable overnight.');
    expect(text).toHaveValue('Comfortable overnight.');
  });

  it('leaves the focus outline on', () => {
    expect(appCss).toContain('.patient-row');
    expect(appCss).not.toMatch(/outline\s*:\s*(none|0)\b/);
  });
});
