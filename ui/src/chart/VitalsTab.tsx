import { Stack } from '@mantine/core';
import type { Entry, ScoredVitals } from '../lib/types';
import { latestVitals } from '../lib/vitals';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';
import { VitalsForm } from './VitalsForm';
import { VitalsChart } from './VitalsChart';
import { VitalsTable } from './VitalsTable';

interface Props {
  patientId: string;
  vitals: Entry<ScoredVitals>[];
  reload: () => Promise<void>;
}

export function VitalsTab({ patientId, vitals, reload }: Props) {
  const may = usePermissions();
  return (
    <Stack gap="md">
      {may.record_vitals && (
        <SidePanel label="Record vital signs" testId="vitals-open" onSaved={reload}>
          {(saved) => (
            <VitalsForm
              patientId={patientId}
              spo2Scale={latestVitals(vitals.filter((v) => v.spo2_scale !== null))?.spo2_scale ?? 'scale1'}
              onSaved={saved}
            />
          )}
        </SidePanel>
      )}
      <VitalsTable vitals={vitals} />
      <VitalsChart vitals={vitals} />
    </Stack>
  );
}
