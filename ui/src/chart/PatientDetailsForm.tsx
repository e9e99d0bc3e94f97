import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { BED_MAX, buildDetailsEdit, detailsForm, pathwayOptions, PHONE_MAX, type DetailsForm } from '../lib/patients';
import type { PatientSummary } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  patient: PatientSummary;
  onCancel: () => void;
  onSaved: () => void;
  reload: () => Promise<void>;
}

/**
 * Phone, bed and surgical pathway stage, filled from the chart when the dialog opens. Saving sends only what
 * changed: `edit_patient` for the phone and bed, then `set_pathway` for a new stage.
 */
export function PatientDetailsForm({ patientId, patient, onCancel, onSaved, reload }: Props) {
  // What the dialog opened on: a colleague's change that syncs in meanwhile is not
  // undone by saving values this form never changed.
  const [before, setBefore] = useState(patient);
  const [form, setForm] = useState<DetailsForm>(() => detailsForm(patient));
  const { busy, error, setError, run } = useAction();

  const set = (key: keyof DetailsForm, value: string) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildDetailsEdit(before, form);
    if (!built.ok) return setError(built.message);
    const { edit, stage } = built;
    if (!edit && !stage) return onSaved();
    const sent = { edit: false };
    const ok = await run(async () => {
      if (edit) {
        await api.editPatient(patientId, edit);
        sent.edit = true;
        // Saved: a second Save after a refused stage sends only the stage.
        setBefore((b) => ({ ...b, ...edit }));
      }
      if (stage) await api.setPathway(patientId, stage);
      return true;
    });
    if (ok) onSaved();
    // The chart shows what was saved, even when only the first of the two steps went through.
    if (ok || sent.edit) await reload();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Phone"
          type="tel"
          maxLength={PHONE_MAX}
          value={form.phone}
          onChange={(e) => set('phone', e.currentTarget.value)}
          data-autofocus
          data-testid="edit-phone"
        />
        <TextInput
          label="Bed"
          description={patient.status === 'admitted' ? undefined : 'Giving a bed admits the patient.'}
          maxLength={BED_MAX}
          value={form.bed}
          onChange={(e) => set('bed', e.currentTarget.value)}
          data-testid="edit-bed"
        />
        <NativeSelect
          label="Surgical pathway stage"
          data={pathwayOptions(before.pathway)}
          value={form.pathway}
          onChange={(e) => set('pathway', e.currentTarget.value)}
          data-testid="edit-pathway"
        />
        <ErrorMessage message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="edit-cancel">
            Cancel
          </Button>
          <Button type="submit" loading={busy} data-testid="edit-save">
            Save details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
