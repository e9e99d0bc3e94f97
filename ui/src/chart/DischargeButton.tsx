import { useState } from 'react';
import { Button } from '@mantine/core';
import { api } from '../lib/api';
import { fullName } from '../lib/format';
import type { PatientSummary } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ConfirmDialog } from '../components/ConfirmDialog';

interface Props {
  patientId: string;
  patient: PatientSummary;
  reload: () => Promise<void>;
}

/** "Discharge", asking first; frees the bed. */
export function DischargeButton({ patientId, patient, reload }: Props) {
  const [asking, setAsking] = useState(false);
  const { busy, error, setError, run } = useAction();

  async function discharge() {
    const ok = await run(async () => {
      await api.discharge(patientId);
      return true;
    });
    if (ok) {
      setAsking(false);
      await reload();
    }
  }

  const close = () => {
    setAsking(false);
    setError(null);
  };

  return (
    <>
      <Button size="xs" variant="default" onClick={() => setAsking(true)} data-testid="discharge-open">
        Discharge
      </Button>
      <ConfirmDialog
        opened={asking}
        title="Discharge patient"
        confirmLabel="Discharge"
        confirmTestId="discharge-confirm"
        cancelTestId="discharge-cancel"
        busy={busy}
        error={error}
        onConfirm={() => void discharge()}
        onClose={close}
      >
        Discharge {fullName(patient)}? The bed is freed.
      </ConfirmDialog>
    </>
  );
}
