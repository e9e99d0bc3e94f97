import { Stack } from '@mantine/core';
import type { Entry, ScoredVitals } from '../lib/types';
import { latestVitals } from '../lib/vitals';
import { VitalsForm } from './VitalsForm';
import { VitalsChart } from './VitalsChart';
import { VitalsTable } from './VitalsTable';

interface Props {
  patientId: string;
  vitals: Entry<ScoredVitals>[];
  reload: () => Promise<void>;
}

export function VitalsTab({ patientId, vitals, reload }: Props) {
  return (
    <Stack gap="md">
      <VitalsForm
        patientId={patientId}
        spo2Scale={latestVitals(vitals.filter((v) => v.spo2_scale !== null))?.spo2_scale ?? 'scale1'}
        onSaved={reload}
      />
      <VitalsChart vitals={vitals} />
      <VitalsTable vitals={vitals} />
    </Stack>
  );
}
