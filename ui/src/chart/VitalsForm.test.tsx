import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { VitalsForm } from './VitalsForm';
import { callsTo, mockCommands, renderUI, typeMinutesAgo } from '../test/render';

describe('VitalsForm', () => {
  it('sends numbers for what was typed and null for the rest', async () => {
    const calls = mockCommands({ record_vitals: () => 'rec-1' });
    const onSaved = vi.fn();
    const { user } = renderUI(<VitalsForm patientId="p1" onSaved={onSaved} />);
    for (const id of ['vitals-temp', 'vitals-pulse', 'vitals-sys', 'vitals-dia', 'vitals-rr', 'vitals-spo2']) {
      expect(screen.getByTestId(id).tagName).toBe('INPUT');
    }
    await user.type(screen.getByTestId('vitals-temp'), '37.9');
    await user.type(screen.getByTestId('vitals-pulse'), '96');
    await user.type(screen.getByTestId('vitals-sys'), '128');
    await user.type(screen.getByTestId('vitals-spo2'), '97');
    await user.click(screen.getByTestId('vitals-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    const sent = callsTo(calls, 'record_vitals');
    // Taken when the form opened (this minute), unless the nurse said otherwise.
    const takenAt = Date.parse((sent[0].signs as { taken_at: string }).taken_at);
    expect(Math.abs(Date.now() - takenAt)).toBeLessThan(2 * 60_000);
    expect(sent).toEqual([
      {
        patientId: 'p1',
        signs: {
          taken_at: expect.any(String),
          temperature: { value: 37.9, unit: 'C' },
          pulse_bpm: 96,
          systolic_mmhg: 128,
          diastolic_mmhg: null,
          respiratory_rate: null,
          spo2_pct: 97,
          weight: null,
          consciousness: null,
          on_oxygen: null,
          spo2_scale: 'scale1',
        },
      },
    ]);
    expect(screen.getByTestId('vitals-pulse')).toHaveValue('');
  });

  it('sends what NEWS2 needs: consciousness, air or oxygen, and the patient\'s SpO₂ scale', async () => {
    const calls = mockCommands({ record_vitals: () => 'rec-1' });
    const { user } = renderUI(<VitalsForm patientId="p1" spo2Scale="scale2" onSaved={() => {}} />);
    expect(screen.getByTestId('vitals-spo2-scale')).toHaveValue('scale2');
    await user.type(screen.getByTestId('vitals-spo2'), '90');
    await user.selectOptions(screen.getByTestId('vitals-oxygen'), 'oxygen');
    await user.selectOptions(screen.getByTestId('vitals-consciousness'), 'voice');
    await user.click(screen.getByTestId('vitals-save'));
    await waitFor(() => expect(callsTo(calls, 'record_vitals')).toHaveLength(1));
    expect(callsTo(calls, 'record_vitals')[0]).toMatchObject({
      signs: { spo2_pct: 90, spo2_scale: 'scale2', on_oxygen: true, consciousness: 'voice' },
    });
    // The scale stays the patient's for the next set.
    expect(screen.getByTestId('vitals-spo2-scale')).toHaveValue('scale2');
  });

  it('records the time the set was taken when it was earlier than the save', async () => {
    const calls = mockCommands({ record_vitals: () => 'rec-1' });
    const { user } = renderUI(<VitalsForm patientId="p1" onSaved={() => {}} />);
    const taken = screen.getByTestId('vitals-taken-at');
    expect(taken).toHaveAttribute('type', 'datetime-local');
    const earlier = await typeMinutesAgo(user, taken, 40);
    await user.type(screen.getByTestId('vitals-pulse'), '88');
    await user.click(screen.getByTestId('vitals-save'));
    await waitFor(() => expect(callsTo(calls, 'record_vitals')).toHaveLength(1));
    expect(callsTo(calls, 'record_vitals')[0]).toMatchObject({ signs: { pulse_bpm: 88, taken_at: earlier } });
  });

  it('shows a validation message instead of sending nonsense', async () => {
    const calls = mockCommands({});
    const { user } = renderUI(<VitalsForm patientId="p1" onSaved={() => {}} />);
    await user.type(screen.getByTestId('vitals-pulse'), 'abc');
    await user.click(screen.getByTestId('vitals-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Pulse must be a number.');
    expect(callsTo(calls, 'record_vitals')).toHaveLength(0);
  });
});
