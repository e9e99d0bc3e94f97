import { Stack } from '@mantine/core';
import type { Entry, Vitals } from '../lib/types';
import { VitalsForm } from './VitalsForm';
import { VitalsChart } from './VitalsChart';
import { VitalsTable } from './VitalsTable';

interface Props {
  patientId: string;
  vitals: Entry<Vitals>[];
  reload: () => Promise<void>;
}

export function VitalsTab({ patientId, vitals, reload }: Props) {
  return (
    <Stack gap="md">
      <VitalsForm patientId={patientId} onSaved={reload} />
      <VitalsChart vitals={vitals} />
      <VitalsTable vitals={vitals} />
    </Stack>
  );
}
