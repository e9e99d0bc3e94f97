import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { AppointmentForm } from './AppointmentForm';
import { callsTo, mockCommands, renderUI } from '../test/render';

describe('AppointmentForm', () => {
  it('books a procedure at the local time given, sent as UTC', async () => {
    const calls = mockCommands({ schedule_appointment: () => 'appt-1' });
    const onSaved = vi.fn();
    const { user } = renderUI(<AppointmentForm patientId="p1" onSaved={onSaved} />);
    expect(screen.getByTestId('appt-kind').tagName).toBe('SELECT');
    await user.type(screen.getByTestId('appt-title'), 'Dressing change');
    await user.selectOptions(screen.getByTestId('appt-kind'), 'procedure');
    await user.clear(screen.getByTestId('appt-date'));
    await user.type(screen.getByTestId('appt-date'), '2026-11-24');
    await user.type(screen.getByTestId('appt-time'), '10:00');
    await user.clear(screen.getByTestId('appt-duration'));
    await user.type(screen.getByTestId('appt-duration'), '45');
    await user.type(screen.getByTestId('appt-location'), 'Theatre 2');
    await user.click(screen.getByTestId('appt-save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(callsTo(calls, 'schedule_appointment')).toEqual([
      {
        patientId: 'p1',
        appointment: {
          title: 'Dressing change',
          starts_at: new Date(2026, 10, 24, 10, 0).toISOString().replace('.000Z', 'Z'),
          duration_minutes: 45,
          location: 'Theatre 2',
          kind: 'procedure',
        },
      },
    ]);
    expect(screen.getByTestId('appt-title')).toHaveValue('');
  });

  it('refuses a time that is not HH:MM', async () => {
    const calls = mockCommands({});
    const { user } = renderUI(<AppointmentForm patientId="p1" onSaved={() => {}} />);
    await user.type(screen.getByTestId('appt-title'), 'Review');
    await user.type(screen.getByTestId('appt-time'), '10am');
    await user.click(screen.getByTestId('appt-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('HH:MM');
    expect(callsTo(calls, 'schedule_appointment')).toHaveLength(0);
  });
});
