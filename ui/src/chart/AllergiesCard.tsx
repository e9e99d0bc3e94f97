import { Card, Stack, Text, Title } from '@mantine/core';
import { allergiesInOrder } from '../lib/allergies';
import type { Allergy, Entry } from '../lib/types';
import { AllergyItem } from './AllergyItem';
import { AllergyForm } from './AllergyForm';

interface Props {
  patientId: string;
  allergies: Entry<Allergy>[];
  reload: () => Promise<void>;
}

/** Every allergy recorded, active ones first, and below them the form to record another. */
export function AllergiesCard({ patientId, allergies, reload }: Props) {
  const ordered = allergiesInOrder(allergies);
  return (
    <Stack gap="md">
      <Card withBorder>
        <Title order={4} mb="xs">
          Allergies
        </Title>
        {ordered.length === 0 ? (
          <Text c="dimmed">No allergies recorded.</Text>
        ) : (
          <Stack gap="xs">
            {ordered.map((a) => (
              <AllergyItem key={a.record_id} patientId={patientId} allergy={a} reload={reload} />
            ))}
          </Stack>
        )}
      </Card>
      <AllergyForm patientId={patientId} onSaved={reload} />
    </Stack>
  );
}
