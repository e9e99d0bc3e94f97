import { Stack, Text, Title } from '@mantine/core';
import type { AppointmentLine } from '../lib/types';
import { AppointmentForm } from './AppointmentForm';
import { AppointmentItem } from './AppointmentItem';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';

interface Props {
  patientId: string;
  appointments: AppointmentLine[];
  reload: () => Promise<void>;
}

export function AppointmentsTab({ patientId, appointments, reload }: Props) {
  const ordered = [...appointments].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  const may = usePermissions();
  return (
    <Stack gap="md">
      {may.schedule && (
        <SidePanel label="Book an appointment" testId="appt-open" onSaved={reload}>
          {(saved) => <AppointmentForm patientId={patientId} onSaved={saved} />}
        </SidePanel>
      )}
      <Title order={4}>Appointments and procedures</Title>
      {ordered.length === 0 && <Text c="dimmed">Nothing booked.</Text>}
      {ordered.map((a) => (
        <AppointmentItem key={a.appointment_id} patientId={patientId} appointment={a} reload={reload} mayChange={may.schedule} />
      ))}
    </Stack>
  );
}
