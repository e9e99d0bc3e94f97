import { Button, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import {
  ALLERGY_TEXT_MAX,
  buildAllergy,
  EMPTY_ALLERGY_FORM,
  SEVERITIES,
  type AllergyForm as Form,
} from '../lib/allergies';
import type { Severity } from '../lib/types';
import { useRecordForm } from '../hooks/useRecordForm';
import { FormCard } from '../components/FormCard';

interface Props {
  patientId: string;
  onSaved: () => Promise<void> | void;
}

const SEVERITY_OPTIONS = [{ value: '', label: 'Choose severity', disabled: true }, ...SEVERITIES];

/** "Record allergy": substance, reaction and a severity the clinician must choose. */
export function AllergyForm({ patientId, onSaved }: Props) {
  const { form, set, saved, busy, error, submit } = useRecordForm<Form>(() => EMPTY_ALLERGY_FORM, onSaved);
  const record = submit((f) => {
    const built = buildAllergy(f);
    return built.ok ? { ok: true, send: () => api.recordAllergy(patientId, built.allergy) } : built;
  });

  return (
    <FormCard
      title="Record allergy"
      savedText={saved ? 'Allergy recorded' : null}
      error={error}
      onSubmit={record}
      actions={
        <Button type="submit" loading={busy} data-testid="allergy-save">
          Record allergy
        </Button>
      }
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <TextInput
          label="Substance"
          placeholder="e.g. Penicillin"
          maxLength={ALLERGY_TEXT_MAX}
          value={form.substance}
          onChange={(e) => set('substance', e.currentTarget.value)}
          data-testid="allergy-substance"
        />
        <TextInput
          label="Reaction"
          placeholder="e.g. Urticaria"
          maxLength={ALLERGY_TEXT_MAX}
          value={form.reaction}
          onChange={(e) => set('reaction', e.currentTarget.value)}
          data-testid="allergy-reaction"
        />
        <NativeSelect
          label="Severity"
          data={SEVERITY_OPTIONS}
          value={form.severity}
          onChange={(e) => set('severity', e.currentTarget.value as Severity)}
          data-testid="allergy-severity"
        />
      </SimpleGrid>
    </FormCard>
  );
}
