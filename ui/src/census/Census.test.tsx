import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Census } from './Census';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { PatientSummary } from '../lib/types';
import { okafor } from '../test/fixtures';

const lovelace: PatientSummary = { ...okafor, patient_id: 'p2', mrn: 'MRN-002', given_name: 'Ada', family_name: 'Lovelace', bed: '7', pathway: null };

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
    const calls = mockCommands({ patients: () => [], register_patient: () => 'p9' });

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
});
