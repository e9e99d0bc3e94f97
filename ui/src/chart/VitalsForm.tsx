import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { buildVitals, EMPTY_VITALS_FORM, type VitalsForm as Form } from '../lib/vitals';
import { localInput } from '../lib/format';
import { useAction } from '../hooks/useAction';
import type { Spo2Scale } from '../lib/types';
import { CONSCIOUSNESS_LABEL } from '../lib/news2';
import { FormCard } from '../components/FormCard';

interface Props {
  patientId: string;
  /** The SpO₂ scale the patient was last scored on (scale 2 is a clinician's choice). */
  spo2Scale?: Spo2Scale;
  onSaved: () => Promise<void> | void;
}

type ChoiceKey = 'spo2Scale' | 'oxygen' | 'consciousness';
type TextKey = 'temperature' | 'pulse' | 'systolic' | 'diastolic' | 'respiratoryRate' | 'spo2' | 'weight';

export function VitalsForm({ patientId, spo2Scale = 'scale1', onSaved }: Props) {
  const [form, setForm] = useState<Form>(() => ({ ...EMPTY_VITALS_FORM, spo2Scale, takenAt: localInput() }));
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();

  /** Sets one field (the value read before React reuses the event). */
  const edit = (key: keyof Form, value: string) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const field = (key: TextKey, label: string, testId: string, unit?: string) => (
    <TextInput
      label={label}
      inputMode="decimal"
      rightSection={unit ? <Text size="xs" c="dimmed">{unit}</Text> : undefined}
      rightSectionWidth={unit ? 48 : undefined}
      value={form[key]}
      onChange={(e) => edit(key, e.currentTarget.value)}
      data-testid={testId}
    />
  );

  /** A labelled choice of the NEWS2 fields that are not measurements. */
  const choice = (key: ChoiceKey, label: string, testId: string, data: { value: string; label: string }[]) => (
    <NativeSelect
      label={label}
      data={data}
      value={form[key]}
      onChange={(e) => edit(key, e.currentTarget.value)}
      data-testid={testId}
    />
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildVitals(form);
    if (!built.ok) return setError(built.message);
    const ok = await run(async () => {
      await api.recordVitals(patientId, built.signs);
      return true;
    });
    if (ok) {
      setForm({
        ...EMPTY_VITALS_FORM,
        temperatureUnit: form.temperatureUnit,
        weightUnit: form.weightUnit,
        spo2Scale: form.spo2Scale,
        takenAt: localInput(),
      });
      setSaved(true);
      await onSaved();
    }
  }

  return (
    <FormCard
      title="Record vital signs"
      savedText={saved ? 'Vitals recorded' : null}
      error={error}
      onSubmit={submit}
      actions={
        <Button type="submit" loading={busy} data-testid="vitals-save">
          Save vitals
        </Button>
      }
    >
      <TextInput
        label="Taken at"
        description="When the observations were taken (now, unless you change it)"
        type="datetime-local"
        w={260}
        value={form.takenAt}
        onChange={(e) => edit('takenAt', e.currentTarget.value)}
        data-testid="vitals-taken-at"
      />
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        <Group gap={4} align="flex-end" wrap="nowrap">
          {field('temperature', 'Temperature', 'vitals-temp')}
          <NativeSelect
            aria-label="Temperature unit"
            w={64}
            data={[
              { value: 'C', label: '°C' },
              { value: 'F', label: '°F' },
            ]}
            value={form.temperatureUnit}
            onChange={(e) => edit('temperatureUnit', e.currentTarget.value)}
            data-testid="vitals-temp-unit"
          />
        </Group>
        {field('pulse', 'Pulse', 'vitals-pulse', '/min')}
        {field('systolic', 'Systolic BP', 'vitals-sys', 'mmHg')}
        {field('diastolic', 'Diastolic BP', 'vitals-dia', 'mmHg')}
        {field('respiratoryRate', 'Respiratory rate', 'vitals-rr', '/min')}
        {field('spo2', 'SpO₂', 'vitals-spo2', '%')}
        {choice('spo2Scale', 'SpO₂ scale', 'vitals-spo2-scale', [
          { value: 'scale1', label: 'Scale 1' },
          { value: 'scale2', label: 'Scale 2 (target 88–92 %)' },
        ])}
        {choice('oxygen', 'Air or oxygen', 'vitals-oxygen', [
          { value: '', label: '—' },
          { value: 'air', label: 'Room air' },
          { value: 'oxygen', label: 'Supplemental O₂' },
        ])}
        {choice('consciousness', 'Consciousness (ACVPU)', 'vitals-consciousness', [
          { value: '', label: '—' },
          ...Object.entries(CONSCIOUSNESS_LABEL).map(([value, label]) => ({ value, label })),
        ])}
        <Group gap={4} align="flex-end" wrap="nowrap">
          {field('weight', 'Weight', 'vitals-weight')}
          <NativeSelect
            aria-label="Weight unit"
            w={64}
            data={['kg', 'lb']}
            value={form.weightUnit}
            onChange={(e) => edit('weightUnit', e.currentTarget.value)}
            data-testid="vitals-weight-unit"
          />
        </Group>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Leave blank what was not measured. NEWS2 needs all seven: respiration, SpO₂, air or oxygen,
        blood pressure, pulse, consciousness and temperature.
      </Text>
    </FormCard>
  );
}
