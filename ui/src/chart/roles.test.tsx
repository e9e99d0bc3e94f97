import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { PatientChart } from './PatientChart';
import { mockCommands, permissionsOf, renderUI } from '../test/render';
import { PERMISSIONS_BY_ROLE } from '../bindings';
import type { Chart, Permissions, Role } from '../lib/types';
import { okafor, penicillin } from '../test/fixtures';

/** A chart with something of everything: what each role may act on is there to act on. */
const chart: Chart = {
  patient: okafor,
  notes: [
    { note_id: 'n1', kind: 'progress', author: 'Dr A', status: 'draft', body: 'Plan: mobilise.', signed_by: null, signed_at: null },
    { note_id: 'n2', kind: 'nursing', author: 'Nurse B', status: 'signed', body: 'Settled.', signed_by: 'Nurse B', signed_at: '2026-12-06T02:00:00Z' },
  ],
  prescriptions: [
    { prescription_id: 'rx1', drug: 'Paracetamol', dose: '1 g', route: 'oral', frequency: 'every 6 hours', start: '2026-12-01', end: null, prescriber: 'Dr A', status: 'active', schedule: null, doses: null },
  ],
  appointments: [
    { appointment_id: 'ap1', patient_id: 'p1', title: 'Physio', starts_at: '2030-01-01T09:00:00Z', duration_minutes: 30, location: null, status: 'scheduled', kind: 'appointment' },
  ],
  allergies: [{ record_id: 'a1', ...penicillin }],
  problems: [{ record_id: 'pr1', code: 'K35.8', text: 'Appendicitis', onset: null, status: 'active', recorded_by: 'Dr A', recorded_at: '2026-12-01T00:00:00Z' }],
  vitals: [],
  administrations: [],
  tasks: [{ record_id: 't1', title: 'Check drain', assignee: null, due: null, priority: 'routine', status: 'todo', created_by: 'Dr A', created_at: '2026-12-06T00:00:00Z', completed_at: null }],
  documents: [],
  tiles: [],
};

/** Each action the chart offers, the tab it is on, and the permission it needs. */
const ACTIONS: { tab: string; testId: string; needs: keyof Permissions }[] = [
  { tab: 'summary', testId: 'patient-edit-open', needs: 'register' },
  { tab: 'summary', testId: 'discharge-open', needs: 'register' },
  { tab: 'summary', testId: 'allergy-open', needs: 'record_allergies' },
  { tab: 'summary', testId: 'allergy-inactive', needs: 'record_allergies' },
  { tab: 'summary', testId: 'problem-open', needs: 'manage_problems' },
  { tab: 'summary', testId: 'problem-resolve', needs: 'manage_problems' },
  { tab: 'vitals', testId: 'vitals-open', needs: 'record_vitals' },
  { tab: 'medications', testId: 'med-open', needs: 'prescribe' },
  { tab: 'medications', testId: 'med-stop', needs: 'prescribe' },
  { tab: 'medications', testId: 'mar-given', needs: 'give_medicines' },
  { tab: 'appointments', testId: 'appt-open', needs: 'schedule' },
  { tab: 'appointments', testId: 'appt-cancel', needs: 'schedule' },
  { tab: 'documents', testId: 'doc-attach-open', needs: 'attach_documents' },
  { tab: 'tasks', testId: 'task-open', needs: 'manage_tasks' },
  { tab: 'tasks', testId: 'task-status', needs: 'manage_tasks' },
];

async function offered(may: Permissions) {
  mockCommands({ chart: () => chart });
  const { user, unmount } = renderUI(<PatientChart patientId="p1" username="someone" />, { may });
  await screen.findByTestId('chart-header');
  const seen: Record<string, boolean> = {};
  for (const { tab, testId } of ACTIONS) {
    const opener = screen.queryByTestId(`tab-${tab}`);
    if (!opener) {
      seen[testId] = false;
      continue;
    }
    await user.click(opener);
    seen[testId] = screen.queryByTestId(testId) !== null;
  }
  const tabs = screen.getAllByRole('tab').map((t) => t.dataset.testid);
  unmount();
  return { seen, tabs };
}

describe('the chart offers each role what the server lets it do', () => {
  for (const role of Object.keys(PERMISSIONS_BY_ROLE) as Role[]) {
    it(`as ${role.toLowerCase()}`, async () => {
      const may = PERMISSIONS_BY_ROLE[role];
      const { seen, tabs } = await offered(may);
      for (const { testId, needs } of ACTIONS) {
        expect([testId, seen[testId]]).toEqual([testId, may[needs]]);
      }
      // A role that reads no clinical documents sees the registration's tabs only.
      if (!may.read_clinical) expect(tabs).toEqual(['tab-summary', 'tab-appointments']);
      else expect(tabs).toContain('tab-notes');
    });
  }

  it('a nurse writes nursing notes: the note kind offered, and no progress draft to continue', async () => {
    mockCommands({ chart: () => chart });
    const { user } = renderUI(<PatientChart patientId="p1" username="nurse" />, { may: permissionsOf('NURSE') });
    await user.click(await screen.findByTestId('tab-notes'));
    expect(screen.queryByTestId('note-continue')).toBeNull();
    await user.click(screen.getByTestId('note-open'));
    const kind = await screen.findByTestId('note-kind');
    expect(kind).toHaveValue('nursing');
    expect([...(kind as HTMLSelectElement).options].map((o) => o.value)).toEqual(['nursing']);
  });

  it('a doctor’s first note is a progress note, and the draft can be continued', async () => {
    mockCommands({ chart: () => chart });
    const { user } = renderUI(<PatientChart patientId="p1" username="dr" />, { may: permissionsOf('DOCTOR', 'NURSE') });
    await user.click(await screen.findByTestId('tab-notes'));
    expect(screen.getByTestId('note-continue')).toBeInTheDocument();
    await user.click(screen.getByTestId('note-open'));
    expect(await screen.findByTestId('note-kind')).toHaveValue('progress');
  });
});
