import { useState } from 'react';
import { Button, Modal } from '@mantine/core';
import type { PatientSummary } from '../lib/types';
import { PatientDetailsForm } from './PatientDetailsForm';

interface Props {
  patientId: string;
  patient: PatientSummary;
  reload: () => Promise<void>;
}

/** "Edit details" and its dialog; the form inside is made afresh from the chart each time the dialog opens. */
export function EditDetailsButton({ patientId, patient, reload }: Props) {
  const [opened, setOpened] = useState(false);
  const close = () => setOpened(false);
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)} data-testid="patient-edit-open">
        Edit details
      </Button>
      <Modal opened={opened} onClose={close} title="Patient details">
        <PatientDetailsForm patientId={patientId} patient={patient} onCancel={close} onSaved={close} reload={reload} />
      </Modal>
    </>
  );
}
