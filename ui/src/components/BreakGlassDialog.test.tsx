import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { BreakGlassDialog } from './BreakGlassDialog';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { Candidate } from '../lib/types';

const okafor: Candidate = {
  patient_id: 'p-med',
  mrn: 'MRN0000042',
  given_name: 'Dmitri',
  family_name: 'Okafor',
  birth_date: '1958-04-02',
  ward: 'MED-B',
  bed: '12',
};
const okafr: Candidate = { ...okafor, patient_id: 'p-other', mrn: 'MRN0000077', given_name: 'Grace', bed: null };

describe('BreakGlassDialog', () => {
  it('finds the patient by MRN or name, asks which and why, and opens that chart', async () => {
    const calls = mockCommands({ look_up_patient: () => ({ candidates: [okafor, okafr], offline: false }) });
    const granted: string[] = [];
    const { user } = renderUI(<BreakGlassDialog opened onClose={() => {}} onGranted={(id) => granted.push(id)} />);

    await user.type(await screen.findByTestId('bg-lookup'), 'okafor');
    await user.click(screen.getByTestId('bg-find'));
    const rows = await screen.findAllByTestId('bg-candidate');
    expect(callsTo(calls, 'look_up_patient')[0]).toEqual({ text: 'okafor' });
    expect(screen.getByTestId('bg-candidates')).toHaveTextContent('2 patients found: choose one.');
    expect(rows[0].closest('.mantine-Radio-root')).toHaveTextContent('OKAFOR, Dmitri · born 1958-04-02 · MRN MRN0000042 · MED-B bed 12');
    expect(screen.getByTestId('bg-submit')).toBeDisabled();

    await user.click(rows[0]);
    await user.type(screen.getByTestId('bg-reason'), 'Cardiac arrest call on MED-B.');
    await user.click(screen.getByTestId('bg-submit'));
    await waitFor(() => expect(granted).toEqual(['p-med']));
    expect(callsTo(calls, 'break_glass')[0]).toEqual({ patientId: 'p-med', reason: 'Cardiac arrest call on MED-B.' });
  });

  it('refuses a lookup too short to name anyone, and says when only this workstation was searched', async () => {
    const calls = mockCommands({ look_up_patient: () => ({ candidates: [okafor], offline: true }) });
    const { user } = renderUI(<BreakGlassDialog opened onClose={() => {}} onGranted={() => {}} />);
    await user.type(await screen.findByTestId('bg-lookup'), 'ok');
    await user.click(screen.getByTestId('bg-find'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('at least 3 letters');
    expect(callsTo(calls, 'look_up_patient')).toHaveLength(0);

    await user.type(screen.getByTestId('bg-lookup'), 'afor');
    await user.click(screen.getByTestId('bg-find'));
    expect(await screen.findByTestId('bg-candidates')).toHaveTextContent('only patients held on this workstation');
    // One match is chosen already: only the reason is left to give.
    expect(screen.getByTestId('bg-submit')).toBeEnabled();
  });
});
