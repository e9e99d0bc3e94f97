import { Badge, Group, Loader, Table, Text, UnstyledButton } from '@mantine/core';
import { age, clockTime, dateTime, fullName, humanize, pathwayLabel, plural } from '../lib/format';
import { News2Badge } from '../components/News2Badge';
import { hasIdentityAlert, IdentityAlerts } from '../components/IdentityAlerts';
import { isProvisional } from '../lib/patients';
import type { PatientSummary } from '../lib/types';

interface Props {
  patients: PatientSummary[] | null;
  searching: boolean;
  onOpen: (patientId: string) => void;
}

/** Every cell on one line: a ward list read at a glance never wraps a name or a badge. */
const ONE_LINE = { whiteSpace: 'nowrap' } as const;

/** "21:31" for today, the date and time otherwise. */
function when(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  return d.toDateString() === now.toDateString() ? clockTime(iso) : dateTime(iso);
}

/**
 * The ward list in bed order, one line per patient: bed, name, age, MRN, the latest NEWS2 and when, the alerts a nurse
 * must see (names alike, a shared bed, allergies, urgent tasks), and the surgical stage.
 */
export function PatientTable({ patients, searching, onOpen }: Props) {
  if (patients === null) return <Loader size="sm" aria-label="Loading patients" />;
  if (patients.length === 0) {
    return (
      <Text c="dimmed" data-testid="census-empty">
        {searching
          ? 'No patient on your wards matches. For a patient elsewhere, use Break-glass.'
          : 'No patients on this workstation yet. Sync to fetch your ward, or register a patient.'}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover striped verticalSpacing={6} data-testid="patient-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Bed</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Age</Table.Th>
            <Table.Th>MRN</Table.Th>
            <Table.Th>NEWS2</Table.Th>
            <Table.Th>Meds</Table.Th>
            <Table.Th>Alerts</Table.Th>
            <Table.Th>Stage</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {patients.map((p) => (
            <Table.Tr key={p.patient_id} className="patient-row" data-testid="patient-row" onClick={() => onOpen(p.patient_id)}>
              <Table.Td style={ONE_LINE} data-testid="patient-bed">
                <Text span fw={700} size="lg">
                  {p.bed ?? '—'}
                </Text>{' '}
                <Text span size="xs" c="dimmed">
                  {p.ward}
                </Text>
              </Table.Td>
              <Table.Td style={ONE_LINE}>
                <UnstyledButton
                  fw={600}
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(p.patient_id);
                  }}
                  aria-label={`Open chart of ${p.given_name} ${p.family_name}`}
                >
                  {fullName(p)}
                </UnstyledButton>
              </Table.Td>
              <Table.Td style={ONE_LINE} title={`Born ${p.birth_date}`}>
                {age(p.birth_date)}
              </Table.Td>
              <Table.Td style={ONE_LINE}>
                <Text span size="sm">
                  {p.mrn ?? '—'}
                </Text>
                {isProvisional(p.mrn) ? (
                  <Badge ml={6} size="xs" color="yellow" variant="light">
                    provisional
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td style={ONE_LINE} data-testid="patient-news2">
                {p.latest_vitals?.news2 ? (
                  <Group gap={6} wrap="nowrap">
                    <News2Badge score={p.latest_vitals.news2} size="sm" />
                    <Text size="xs" c="dimmed">
                      {when(p.latest_vitals.taken_at)}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    no obs
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={ONE_LINE} data-testid="patient-meds">
                <DosesToGive patient={p} />
              </Table.Td>
              <Table.Td style={ONE_LINE}>
                <PatientAlerts patient={p} />
              </Table.Td>
              <Table.Td style={ONE_LINE}>
                <Stage patient={p} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Scheduled doses overdue (red) and due now (blue); a dash when none is waiting. */
function DosesToGive({ patient }: { patient: PatientSummary }) {
  const overdue = patient.doses_overdue ?? 0;
  const due = patient.doses_due ?? 0;
  if (overdue === 0 && due === 0) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      {overdue > 0 && (
        <Badge size="sm" color="red" variant="filled" data-testid="meds-overdue">
          {overdue} overdue
        </Badge>
      )}
      {due > 0 && (
        <Badge size="sm" color="blue" variant="light" data-testid="meds-due">
          {due} due
        </Badge>
      )}
    </Group>
  );
}

/** The surgical stage; the admission status only when the patient is not admitted. */
function Stage({ patient }: { patient: PatientSummary }) {
  const stage = pathwayLabel(patient.pathway);
  return (
    <Group gap={4} wrap="nowrap">
      {stage && (
        <Text span size="sm">
          {stage}
        </Text>
      )}
      {patient.status !== 'admitted' && (
        <Badge size="sm" color={patient.status === 'outpatient' ? 'grape' : 'gray'} variant="outline">
          {humanize(patient.status)}
        </Badge>
      )}
      {!stage && patient.status === 'admitted' && (
        <Text span size="sm" c="dimmed">
          —
        </Text>
      )}
    </Group>
  );
}

/** Identity alerts, allergies and urgent tasks, as badges; nothing when there is no alert. */
function PatientAlerts({ patient }: { patient: PatientSummary }) {
  const allergies = patient.active_allergies ?? 0;
  const urgent = patient.urgent_tasks ?? 0;
  if (allergies === 0 && urgent === 0 && !hasIdentityAlert(patient)) return null;
  return (
    <Group gap={4} wrap="nowrap" data-testid="patient-alerts">
      <IdentityAlerts patient={patient} />
      {allergies > 0 && (
        <Badge size="sm" color="red" variant="light">
          {plural(allergies, 'allergy', 'allergies')}
        </Badge>
      )}
      {urgent > 0 && (
        <Badge size="sm" color="orange" variant="filled">
          {plural(urgent, 'urgent task', 'urgent tasks')}
        </Badge>
      )}
    </Group>
  );
}
