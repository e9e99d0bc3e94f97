import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';
import { allergiesInOrder } from '../lib/allergies';
import type { Allergy, Entry } from '../lib/types';
import { AllergyItem } from './AllergyItem';
import { AllergyForm } from './AllergyForm';

interface Props {
  patientId: string;
  allergies: Entry<Allergy>[];
  reload: () => Promise<void>;
}

/** Every allergy recorded, active ones first; the form to record another opens in a panel. */
export function AllergiesCard({ patientId, allergies, reload }: Props) {
  const ordered = allergiesInOrder(allergies);
  const may = usePermissions();
  return (
    <Stack gap="md">
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Allergies</Title>
          {may.record_allergies && (
            <SidePanel label="Record allergy" testId="allergy-open" onSaved={reload}>
              {(saved) => <AllergyForm patientId={patientId} onSaved={saved} />}
            </SidePanel>
          )}
        </Group>
        {ordered.length === 0 ? (
          <Text c="dimmed">No allergies recorded.</Text>
        ) : (
          <Stack gap="xs">
            {ordered.map((a) => (
              <AllergyItem key={a.record_id} patientId={patientId} allergy={a} reload={reload} mayChange={may.record_allergies} />
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
