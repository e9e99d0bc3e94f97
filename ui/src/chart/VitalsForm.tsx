import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, SimpleGrid, Text, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { buildVitals, EMPTY_VITALS_FORM, type VitalsForm as Form } from '../lib/vitals';
import { useAction } from '../hooks/useAction';
import { FormCard } from '../components/FormCard';

interface Props {
  patientId: string;
  onSaved: () => Promise<void> | void;
}

type TextKey = 'temperature' | 'pulse' | 'systolic' | 'diastolic' | 'respiratoryRate' | 'spo2' | 'weight';

export function VitalsForm({ patientId, onSaved }: Props) {
  const [form, setForm] = useState<Form>(EMPTY_VITALS_FORM);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();

  const field = (key: TextKey, label: string, testId: string, unit?: string) => (
    <TextInput
      label={label}
      inputMode="decimal"
      rightSection={unit ? <Text size="xs" c="dimmed">{unit}</Text> : undefined}
      rightSectionWidth={unit ? 48 : undefined}
      value={form[key]}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setSaved(false);
        setForm((f) => ({ ...f, [key]: value }));
      }}
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
      setForm({ ...EMPTY_VITALS_FORM, temperatureUnit: form.temperatureUnit, weightUnit: form.weightUnit });
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
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
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
            onChange={(e) => setForm((f) => ({ ...f, temperatureUnit: e.currentTarget.value as 'C' | 'F' }))}
            data-testid="vitals-temp-unit"
          />
        </Group>
        {field('pulse', 'Pulse', 'vitals-pulse', '/min')}
        {field('systolic', 'Systolic BP', 'vitals-sys', 'mmHg')}
        {field('diastolic', 'Diastolic BP', 'vitals-dia', 'mmHg')}
        {field('respiratoryRate', 'Respiratory rate', 'vitals-rr', '/min')}
        {field('spo2', 'SpO₂', 'vitals-spo2', '%')}
        <Group gap={4} align="flex-end" wrap="nowrap">
          {field('weight', 'Weight', 'vitals-weight')}
          <NativeSelect
            aria-label="Weight unit"
            w={64}
            data={['kg', 'lb']}
            value={form.weightUnit}
            onChange={(e) => setForm((f) => ({ ...f, weightUnit: e.currentTarget.value as 'kg' | 'lb' }))}
            data-testid="vitals-weight-unit"
          />
        </Group>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Leave blank what was not measured.
      </Text>
    </FormCard>
  );
}
