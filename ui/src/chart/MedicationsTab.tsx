import { Stack, Text, Title } from '@mantine/core';
import { marLines } from '../lib/medications';
import type { Administration, Allergy, Entry, PrescriptionLine } from '../lib/types';
import { MedicationOrderForm } from './MedicationOrderForm';
import { MedicationOrderItem } from './MedicationOrderItem';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';
import { useDoseGrid } from '../hooks/useDoseGrid';

interface Props {
  patientId: string;
  prescriptions: PrescriptionLine[];
  administrations: Entry<Administration>[];
  allergies: Allergy[];
  reload: () => Promise<void>;
}

const STATUS_ORDER: Record<string, number> = { active: 0, completed: 1, stopped: 2 };

export function MedicationsTab({ patientId, prescriptions, administrations, allergies, reload }: Props) {
  const ordered = [...prescriptions].sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3));
  const may = usePermissions();
  const grid = useDoseGrid(patientId, prescriptions, administrations);
  return (
    <Stack gap="md">
      {may.prescribe && (
        <SidePanel label="New order" testId="med-open" onSaved={reload}>
          {(saved) => <MedicationOrderForm patientId={patientId} allergies={allergies} onSaved={saved} />}
        </SidePanel>
      )}
      <Title order={4}>Medication orders</Title>
      {ordered.length === 0 && <Text c="dimmed">No medication orders.</Text>}
      {ordered.map((rx) => (
        <MedicationOrderItem
          key={rx.prescription_id}
          patientId={patientId}
          order={rx}
          doses={marLines(administrations, rx.prescription_id)}
          scheduled={grid.filter((d) => d.prescription_id === rx.prescription_id)}
          reload={reload}
        />
      ))}
    </Stack>
  );
}
