import { Button, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { APPOINTMENT_KINDS, buildAppointment, type AppointmentForm as Form } from '../lib/appointments';
import { todayLocal } from '../lib/medications';
import type { AppointmentKind } from '../lib/types';
import { useRecordForm } from '../hooks/useRecordForm';
import { FormCard } from '../components/FormCard';

interface Props {
  patientId: string;
  onSaved: () => Promise<void> | void;
}

const emptyForm = (): Form => ({ title: '', kind: 'appointment', date: todayLocal(), time: '', duration: '30', location: '' });

/** Books an appointment or procedure at a local date and time. */
export function AppointmentForm({ patientId, onSaved }: Props) {
  const { form, set, saved, busy, error, submit } = useRecordForm<Form>(emptyForm, onSaved);
  const record = submit((f) => {
    const built = buildAppointment(f);
    return built.ok ? { ok: true, send: () => api.scheduleAppointment(patientId, built.appointment) } : built;
  });

  const text = (key: Exclude<keyof Form, 'kind'>, label: string, testId: string, placeholder?: string) => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={form[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      data-testid={testId}
    />
  );

  return (
    <FormCard
      title="Book an appointment"
      savedText={saved ? 'Appointment booked' : null}
      error={error}
      onSubmit={record}
      actions={
        <Button type="submit" loading={busy} data-testid="appt-save">
          Book
        </Button>
      }
    >
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        {text('title', 'What for', 'appt-title', 'e.g. Wound review')}
        <NativeSelect
          label="Kind"
          data={APPOINTMENT_KINDS}
          value={form.kind}
          onChange={(e) => set('kind', e.currentTarget.value as AppointmentKind)}
          data-testid="appt-kind"
        />
        {text('location', 'Where (optional)', 'appt-location', 'e.g. Clinic 2')}
        {text('date', 'Date', 'appt-date', 'YYYY-MM-DD')}
        {text('time', 'Time (local)', 'appt-time', 'HH:MM')}
        {text('duration', 'Duration (minutes)', 'appt-duration')}
      </SimpleGrid>
    </FormCard>
  );
}
