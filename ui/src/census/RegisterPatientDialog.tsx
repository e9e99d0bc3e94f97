import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { buildNewPatient, SEXES, type RegisterForm } from '../lib/patients';
import { humanize } from '../lib/format';
import type { NewPatient } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  opened: boolean;
  wards: string[];
  onClose: () => void;
  onRegistered: (patientId: string, patient: NewPatient) => void;
}

const blank = (ward: string): RegisterForm => ({
  given: '',
  family: '',
  birth: '',
  sex: 'unknown',
  phone: '',
  address: '',
  ward,
  bed: '',
});

export function RegisterPatientDialog({ opened, wards, onClose, onRegistered }: Props) {
  const firstWard = wards[0] ?? '';
  const [form, setForm] = useState<RegisterForm>(() => blank(firstWard));
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (opened) {
      setForm(blank(firstWard));
      setError(null);
    }
  }, [opened, firstWard, setError]);

  const field = (key: keyof RegisterForm) => ({
    value: form[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setForm((f) => ({ ...f, [key]: value }));
    },
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildNewPatient(form);
    if (!built.ok) return setError(built.message);
    const id = await run(() => api.registerPatient(built.patient));
    if (id !== undefined) onRegistered(id, built.patient);
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Register patient" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2}>
            <TextInput label="Given name" required data-testid="reg-given" data-autofocus {...field('given')} />
            <TextInput label="Family name" required data-testid="reg-family" {...field('family')} />
            <TextInput
              label="Birth date"
              description="YYYY-MM-DD"
              placeholder="1980-01-31"
              required
              inputMode="numeric"
              data-testid="reg-birth"
              {...field('birth')}
            />
            <NativeSelect
              label="Sex"
              data={SEXES.map((s) => ({ value: s, label: humanize(s) }))}
              data-testid="reg-sex"
              {...field('sex')}
            />
            <TextInput label="Ward" required data-testid="reg-ward" {...field('ward')} />
            <TextInput label="Bed" data-testid="reg-bed" {...field('bed')} />
            <TextInput label="Phone" type="tel" data-testid="reg-phone" {...field('phone')} />
            <TextInput label="Address" data-testid="reg-address" {...field('address')} />
          </SimpleGrid>
          <ErrorMessage message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="reg-submit">
              Register
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
