import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { ChartHeader } from './ChartHeader';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { PatientSummary } from '../lib/types';
import { okafor } from '../test/fixtures';

const patient: PatientSummary = { ...okafor, phone: '0700 900 123', bed: '4', pathway: 'post_op' };

function setup(p: PatientSummary = patient) {
  const reload = vi.fn(async () => {});
  const view = renderUI(<ChartHeader patientId="p1" patient={p} allergies={[]} reload={reload} />);
  return { reload, ...view };
}

async function openDetails(user: ReturnType<typeof setup>['user']) {
  await user.click(screen.getByTestId('patient-edit-open'));
  return screen.findByTestId('edit-bed');
}

describe('ChartHeader', () => {
  it('takes the focus on the patient’s name and says "No allergies recorded" when none were', async () => {
    mockCommands({});
    setup();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('chart-name')));
    expect(screen.getByTestId('allergy-banner')).toHaveTextContent('No allergies recorded');
  });

  it('opens the details filled from the chart and sends only the changed bed', async () => {
    const calls = mockCommands({ edit_patient: () => null, set_pathway: () => null });
    const { user, reload } = setup();
    const bed = await openDetails(user);
    expect(screen.getByRole('dialog')).toHaveTextContent('Patient details');
    expect(screen.getByTestId('edit-phone')).toHaveValue('0700 900 123');
    expect(bed).toHaveValue('4');
    const stage = screen.getByTestId('edit-pathway');
    expect(stage.tagName).toBe('SELECT');
    expect(stage).toHaveValue('post_op');
    expect(screen.queryByRole('option', { name: 'Not on a surgical pathway' })).toBeNull();

    await user.clear(bed);
    await user.type(bed, '8');
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'edit_patient')).toEqual([{ patientId: 'p1', edit: { bed: '8' } }]);
    expect(callsTo(calls, 'set_pathway')).toHaveLength(0);
    await waitFor(() => expect(screen.queryByTestId('edit-bed')).toBeNull());
  });

  it('calls set_pathway alone when only the stage changed, and both when both did', async () => {
    const calls = mockCommands({ edit_patient: () => null, set_pathway: () => null });
    const { user, reload } = setup();
    await openDetails(user);
    await user.selectOptions(screen.getByTestId('edit-pathway'), 'discharge');
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'edit_patient')).toHaveLength(0);
    expect(callsTo(calls, 'set_pathway')).toEqual([{ patientId: 'p1', stage: 'discharge' }]);
    await waitFor(() => expect(screen.queryByTestId('edit-bed')).toBeNull());

    await openDetails(user);
    await user.clear(screen.getByTestId('edit-phone'));
    await user.type(screen.getByTestId('edit-phone'), '0800 111 222');
    await user.selectOptions(screen.getByTestId('edit-pathway'), 'pre_op');
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));
    expect(calls.mock.calls.map(([cmd]) => cmd)).toEqual([
      'set_pathway',
      'edit_patient',
      'set_pathway',
    ]);
    expect(callsTo(calls, 'edit_patient')).toEqual([{ patientId: 'p1', edit: { phone: '0800 111 222' } }]);
    expect(callsTo(calls, 'set_pathway')[1]).toEqual({ patientId: 'p1', stage: 'pre_op' });
  });

  it('sends nothing when nothing changed', async () => {
    const calls = mockCommands({ edit_patient: () => null, set_pathway: () => null });
    const { user, reload } = setup();
    await openDetails(user);
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(screen.queryByTestId('edit-bed')).toBeNull());
    expect(callsTo(calls, 'edit_patient')).toHaveLength(0);
    expect(callsTo(calls, 'set_pathway')).toHaveLength(0);
    expect(reload).not.toHaveBeenCalled();
  });

  it('offers "Not on a surgical pathway" only to a patient on none, and leaves it unsent', async () => {
    const calls = mockCommands({ edit_patient: () => null, set_pathway: () => null });
    const { user, reload } = setup({ ...patient, pathway: null });
    await openDetails(user);
    expect(screen.getByTestId('edit-pathway')).toHaveValue('');
    expect(screen.getByRole('option', { name: 'Not on a surgical pathway' })).toBeInTheDocument();
    await user.type(screen.getByTestId('edit-bed'), 'A');
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(callsTo(calls, 'edit_patient')).toEqual([{ patientId: 'p1', edit: { bed: '4A' } }]);
    expect(callsTo(calls, 'set_pathway')).toHaveLength(0);
  });

  it('shows a refusal inside the dialog and keeps what was typed', async () => {
    const calls = mockCommands({
      edit_patient: () => {
        throw { code: 'TOO_LARGE', message: 'bed is longer than 16 bytes' };
      },
      set_pathway: () => null,
    });
    const { user, reload } = setup();
    const bed = await openDetails(user);
    await user.clear(bed);
    await user.type(bed, 'Side room 2');
    await user.selectOptions(screen.getByTestId('edit-pathway'), 'discharge');
    await user.click(screen.getByTestId('edit-save'));
    const error = await screen.findByTestId('error-message');
    expect(error).toHaveTextContent('bed is longer than 16 bytes');
    expect(screen.getByRole('dialog')).toContainElement(error);
    expect(screen.getByTestId('edit-bed')).toHaveValue('Side room 2');
    expect(screen.getByTestId('edit-pathway')).toHaveValue('discharge');
    expect(callsTo(calls, 'set_pathway')).toHaveLength(0);
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads the chart when the bed was saved but the stage was refused, and keeps the dialog open', async () => {
    const calls = mockCommands({
      edit_patient: () => null,
      set_pathway: () => {
        throw { code: 'FORBIDDEN', message: 'Your role may not change the pathway.' };
      },
    });
    const { user, reload } = setup();
    const bed = await openDetails(user);
    await user.clear(bed);
    await user.type(bed, '9');
    await user.selectOptions(screen.getByTestId('edit-pathway'), 'discharge');
    await user.click(screen.getByTestId('edit-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Your role may not change the pathway.');
    expect(callsTo(calls, 'edit_patient')).toEqual([{ patientId: 'p1', edit: { bed: '9' } }]);
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('edit-pathway')).toHaveValue('discharge');

    // Saving again sends the stage alone: the bed is already saved.
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(callsTo(calls, 'set_pathway')).toHaveLength(2));
    expect(callsTo(calls, 'edit_patient')).toHaveLength(1);
  });

  it('does not undo a change that synced in while the dialog was open', async () => {
    const calls = mockCommands({ edit_patient: () => null, set_pathway: () => null });
    const { user, reload, rerender } = setup();
    const bed = await openDetails(user);
    // A colleague moved the patient to bed 6 meanwhile; this clinician only changes the phone.
    rerender(<ChartHeader patientId="p1" patient={{ ...patient, bed: '6' }} allergies={[]} reload={reload} />);
    expect(bed).toHaveValue('4');
    await user.clear(screen.getByTestId('edit-phone'));
    await user.type(screen.getByTestId('edit-phone'), '0700 900 999');
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'edit_patient')).toEqual([{ patientId: 'p1', edit: { phone: '0700 900 999' } }]);
  });

  it('refuses to empty the bed, pointing to discharge instead', async () => {
    const calls = mockCommands({ edit_patient: () => null });
    const { user } = setup();
    const bed = await openDetails(user);
    await user.clear(bed);
    await user.click(screen.getByTestId('edit-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('To free the bed, discharge the patient.');
    expect(callsTo(calls, 'edit_patient')).toHaveLength(0);
  });

  it('asks before discharging, then discharges and reloads', async () => {
    const calls = mockCommands({ discharge: () => null });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('discharge-open'));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Discharge OKAFOR, Chidi? The bed is freed.');
    expect(callsTo(calls, 'discharge')).toHaveLength(0);

    await user.click(screen.getByTestId('discharge-cancel'));
    await waitFor(() => expect(screen.queryByTestId('discharge-confirm')).toBeNull());
    expect(callsTo(calls, 'discharge')).toHaveLength(0);

    await user.click(screen.getByTestId('discharge-open'));
    await user.click(await screen.findByTestId('discharge-confirm'));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(callsTo(calls, 'discharge')).toEqual([{ patientId: 'p1' }]);
  });

  it('shows why a discharge failed, in words', async () => {
    mockCommands({
      discharge: () => {
        throw { code: 'FORBIDDEN', message: 'Only a doctor may discharge.' };
      },
    });
    const { user, reload } = setup();
    await user.click(screen.getByTestId('discharge-open'));
    await user.click(await screen.findByTestId('discharge-confirm'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Only a doctor may discharge.');
    expect(screen.getByTestId('discharge-confirm')).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
  });

  it('does not offer discharge for a patient already discharged', () => {
    mockCommands({});
    setup({ ...patient, status: 'discharged', bed: null });
    expect(screen.queryByTestId('discharge-open')).toBeNull();
    expect(screen.getByTestId('patient-edit-open')).toBeInTheDocument();
  });
});
