import { useState, type FormEvent } from 'react';
import { Alert, Button, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import {
  allergyWarnings,
  buildPrescription,
  ROUTES,
  TIMING_CHOICES,
  todayLocal,
  type OrderForm,
  type TimingChoice,
} from '../lib/medications';
import type { Allergy, MedicationRoute } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { FormCard } from '../components/FormCard';

interface Props {
  patientId: string;
  allergies: Allergy[];
  onSaved: () => Promise<void> | void;
}

const emptyForm = (): OrderForm => ({
  drug: '',
  dose: '',
  route: 'oral',
  timing: 'times',
  times: '',
  hours: '',
  first: '',
  once: '',
  maxPerDay: '',
  frequency: '',
  start: todayLocal(),
  end: '',
  doses: '',
});

/** "New order": prescribes, warning first when the drug resembles an active allergy. */
export function MedicationOrderForm({ patientId, allergies, onSaved }: Props) {
  const [form, setForm] = useState<OrderForm>(emptyForm);
  const [warned, setWarned] = useState<Allergy[]>([]);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();

  const set = (key: keyof OrderForm, value: string) => {
    setSaved(false);
    if (key === 'drug') setWarned([]);
    setForm((f) => ({ ...f, [key]: value }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildPrescription(form);
    if (!built.ok) return setError(built.message);
    const clashes = allergyWarnings(allergies, built.prescription.drug);
    if (clashes.length > 0 && warned.length === 0) {
      setError(null);
      return setWarned(clashes);
    }
    const ok = await run(async () => {
      await api.prescribe(patientId, built.prescription);
      return true;
    });
    if (ok) {
      setForm(emptyForm());
      setWarned([]);
      setSaved(true);
      await onSaved();
    }
  }

  const text = (key: Exclude<keyof OrderForm, 'route' | 'timing'>, label: string, testId: string, placeholder?: string) => (
    <TextInput
      label={label}
      placeholder={placeholder}
      value={form[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      data-testid={testId}
    />
  );

  return (
    <FormCard
      title="New order"
      savedText={saved ? 'Order prescribed' : null}
      error={error}
      onSubmit={submit}
      actions={
        <Button type="submit" loading={busy} color={warned.length > 0 ? 'orange' : undefined} data-testid="med-save">
          {warned.length > 0 ? 'Prescribe anyway' : 'Prescribe'}
        </Button>
      }
    >
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        {text('drug', 'Drug', 'med-drug')}
        {text('dose', 'Dose', 'med-dose', 'e.g. 500 mg')}
        <NativeSelect
          label="Route"
          data={ROUTES}
          value={form.route}
          onChange={(e) => set('route', e.currentTarget.value as MedicationRoute)}
          data-testid="med-route"
        />
        <NativeSelect
          label="Timing"
          data={TIMING_CHOICES}
          value={form.timing}
          onChange={(e) => set('timing', e.currentTarget.value as TimingChoice)}
          data-testid="med-timing"
        />
        {form.timing === 'times' && text('times', 'Times of day', 'med-times', 'e.g. 08:00, 20:00')}
        {form.timing === 'every' && text('hours', 'Every (hours)', 'med-hours', 'e.g. 8')}
        {form.timing === 'every' && text('first', 'First dose at', 'med-first', 'HH:MM')}
        {form.timing === 'once' && (
          <TextInput
            label="Given at"
            type="datetime-local"
            value={form.once}
            onChange={(e) => set('once', e.currentTarget.value)}
            data-testid="med-once"
          />
        )}
        {form.timing === 'as_needed' && text('hours', 'At least (hours apart)', 'med-hours', 'e.g. 4')}
        {form.timing === 'as_needed' && text('maxPerDay', 'At most a day (optional)', 'med-max-per-day', 'e.g. 4')}
        {text(
          'frequency',
          form.timing === 'words' ? 'Frequency' : 'Frequency in words (optional)',
          'med-frequency',
          'e.g. 8-hourly',
        )}
        {text('start', 'Start date', 'med-start', 'YYYY-MM-DD')}
        {text('end', 'End date (optional)', 'med-end', 'YYYY-MM-DD')}
        {form.timing !== 'once' && text('doses', 'Number of doses (optional)', 'med-doses', 'e.g. 5')}
      </SimpleGrid>
      {warned.length > 0 && (
        <Alert color="orange" variant="light" title="Allergy warning" data-testid="med-allergy-warning">
          This patient has an active allergy to {warned.map((a) => a.substance).join(', ')}. Check the order before
          prescribing {form.drug.trim()}.
        </Alert>
      )}
    </FormCard>
  );
}
