import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Grid, Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { PatientSummary, SyncProgress } from '../lib/types';
import { useTauriEvent } from '../hooks/useTauriEvent';
import { usePermissions } from '../hooks/usePermissions';
import { ErrorMessage } from '../components/ErrorMessage';
import { PatientTable } from './PatientTable';
import { RegisterPatientDialog } from './RegisterPatientDialog';
import { FirstSyncCard } from './FirstSyncCard';
import { MyTasks } from './MyTasks';
import { PrintButton } from '../components/PrintButton';
import { patientToOpen, scannedMrn, WRISTBAND_PREFIX } from '../lib/patients';

export const SEARCH_DEBOUNCE_MS = 200;

interface Props {
  wards: string[];
  onOpen: (patientId: string) => void;
  /** True while the ward first arrives on this workstation. */
  arriving?: boolean;
  progress?: SyncProgress | null;
}

/** The ward list (search-as-you-type over the patients this workstation holds) and my tasks. */
export function Census({ wards, onOpen, arriving = false, progress = null }: Props) {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const [patients, setPatients] = useState<PatientSummary[] | null>(null);
  const [known, setKnown] = useState<ReadonlyMap<string, PatientSummary>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<string | null>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  const may = usePermissions();
  const latest = useRef(0);
  const lastQuery = useRef('');

  const load = useCallback(async (q: string) => {
    const ticket = ++latest.current;
    lastQuery.current = q;
    try {
      const rows = await api.patients(q.trim() === '' ? null : q.trim());
      if (ticket === latest.current) {
        setPatients(rows);
        setError(null);
      }
      setKnown((prev) => new Map([...prev, ...rows.map((p) => [p.patient_id, p] as const)]));
    } catch (err) {
      if (ticket === latest.current) setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load(query);
  }, [query, load]);

  useTauriEvent('bedside://changed', () => void load(lastQuery.current));

  /** A wristband scanned (its code typed by the scanner, then Enter) or an MRN typed: open that chart. */
  async function openScanned(typed: string) {
    const mrn = scannedMrn(typed);
    if (!mrn) return;
    try {
      const found = await api.patients(mrn);
      const patient = patientToOpen(found ?? [], typed);
      if (patient) {
        setText('');
        onOpen(patient.patient_id);
      } else if (typed.trim().toUpperCase().startsWith(WRISTBAND_PREFIX)) {
        setNotFound(`No patient with MRN ${mrn} on this workstation. For a patient elsewhere, use Break-glass.`);
      }
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const waitingForWard = arriving && (patients === null || patients.length === 0);

  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, xl: 9 }}>
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <Title order={2}>Ward list</Title>
            <Group gap="xs">
              <PrintButton label="Handover sheet" make={api.printHandover} testId="print-handover" />
              {may.register && (
                <Button onClick={() => setRegistering(true)} data-testid="register-open">
                  Register patient
                </Button>
              )}
            </Group>
          </Group>
          <TextInput
            label="Find a patient"
            placeholder="Name, MRN or bed, or scan a wristband"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setRegistered(null);
              setNotFound(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void openScanned(e.currentTarget.value);
            }}
            data-testid="patient-search"
            type="search"
            autoFocus
          />
          <ErrorMessage message={error} />
          {notFound && (
            <Alert color="orange" variant="light" data-testid="scan-not-found" withCloseButton onClose={() => setNotFound(null)}>
              {notFound}
            </Alert>
          )}
          {registered && (
            <Alert color="teal" variant="light" data-testid="registered-notice" withCloseButton onClose={() => setRegistered(null)}>
              {registered} registered. The list shows the new patient; clear the search to see the whole ward.
            </Alert>
          )}
          {arriving && <FirstSyncCard progress={progress} />}
          {!waitingForWard && <PatientTable patients={patients} onOpen={onOpen} searching={query.trim() !== ''} />}
          <RegisterPatientDialog
            opened={registering}
            wards={wards}
            onClose={() => setRegistering(false)}
            onOpen={(id) => {
              setRegistering(false);
              onOpen(id);
            }}
            onRegistered={(_id, patient) => {
              // Show the new patient on their own so the row to open is the first one.
              setRegistering(false);
              setRegistered(`${patient.given_name} ${patient.family_name}`);
              setText(patient.family_name);
              void load(patient.family_name);
            }}
          />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, xl: 3 }}>
        <MyTasks patients={known} onOpen={onOpen} />
      </Grid.Col>
    </Grid>
  );
}
