import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { buildNewPatient, SEXES, type RegisterForm } from '../lib/patients';
import { fullName, humanize, plural } from '../lib/format';
import type { NewPatient, PatientSummary } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  opened: boolean;
  wards: string[];
  onClose: () => void;
  onRegistered: (patientId: string, patient: NewPatient) => void;
  /** Opens the chart of a patient already here (the person being registered, after all). */
  onOpen: (patientId: string) => void;
}

/** The patients found like the one being registered, and for which name and birth date. */
interface Candidates {
  key: string;
  patients: PatientSummary[];
}

const identityKey = (p: NewPatient) => [p.given_name, p.family_name, p.birth_date].join('|').toLowerCase();

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

/**
 * Registers a patient. Before a new chart is made, the patients here with the same birth date and a near name are
 * shown: the clerk opens theirs, or says this is someone else.
 */
export function RegisterPatientDialog({ opened, wards, onClose, onRegistered, onOpen }: Props) {
  const firstWard = wards[0] ?? '';
  const [form, setForm] = useState<RegisterForm>(() => blank(firstWard));
  const [candidates, setCandidates] = useState<Candidates | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (opened) {
      setForm(blank(firstWard));
      setCandidates(null);
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
    const patient = built.patient;
    const key = identityKey(patient);
    const id = await run(async () => {
      if (candidates?.key !== key) {
        const found = await api.possibleDuplicates(patient.given_name, patient.family_name, patient.birth_date);
        if (found.length > 0) {
          setCandidates({ key, patients: found });
          return undefined;
        }
      }
      return api.registerPatient(patient);
    });
    if (id !== undefined) onRegistered(id, patient);
  }

  const built = buildNewPatient(form);
  const warned = candidates !== null && built.ok && candidates.key === identityKey(built.patient);

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
          {warned && <PossibleDuplicates patients={candidates.patients} onOpen={onOpen} />}
          <ErrorMessage message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} color={warned ? 'orange' : undefined} data-testid="reg-submit">
              {warned ? 'Register as a new patient' : 'Register'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function PossibleDuplicates({ patients, onOpen }: { patients: PatientSummary[]; onOpen: (id: string) => void }) {
  return (
    <Alert color="orange" variant="light" title="Possible duplicate" data-testid="reg-duplicates">
      <Stack gap={6}>
        <Text size="sm">
          {plural(patients.length, 'patient here has', 'patients here have')} this birth date and a similar name. If
          this is the same person, open their chart instead of registering again.
        </Text>
        {patients.map((p) => (
          <Group key={p.patient_id} justify="space-between" wrap="nowrap" data-testid="reg-duplicate">
            <Text size="sm">
              <b>{fullName(p)}</b> · born {p.birth_date} · MRN {p.mrn} · {[p.ward, p.bed && `bed ${p.bed}`].filter(Boolean).join(' ')}
            </Text>
            <Button
              size="xs"
              variant="light"
              style={{ flexShrink: 0 }}
              onClick={() => onOpen(p.patient_id)}
              data-testid="reg-duplicate-open"
            >
              Open chart
            </Button>
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}
