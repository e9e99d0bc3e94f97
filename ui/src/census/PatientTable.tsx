import { Badge, Group, Loader, Table, Text, UnstyledButton } from '@mantine/core';
import { age, fullName, humanize, pathwayLabel, dateTime, plural } from '../lib/format';
import { News2Badge } from '../components/News2Badge';
import { IdentityAlerts } from '../components/IdentityAlerts';
import { isProvisional } from '../lib/patients';
import type { PatientSummary } from '../lib/types';

interface Props {
  patients: PatientSummary[] | null;
  searching: boolean;
  onOpen: (patientId: string) => void;
}

const STATUS_COLORS: Record<string, string> = { admitted: 'blue', outpatient: 'grape', discharged: 'gray' };

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
    <Table highlightOnHover striped verticalSpacing="xs" data-testid="patient-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Bed</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>MRN</Table.Th>
          <Table.Th>Age</Table.Th>
          <Table.Th>Stage</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>NEWS2</Table.Th>
          <Table.Th>Alerts</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {patients.map((p) => {
          const stage = pathwayLabel(p.pathway);
          return (
            <Table.Tr key={p.patient_id} className="patient-row" data-testid="patient-row" onClick={() => onOpen(p.patient_id)}>
              <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="patient-bed">
                <Text span fw={700} size="lg">
                  {p.bed ?? '—'}
                </Text>{' '}
                <Text span size="xs" c="dimmed">
                  {p.ward}
                </Text>
              </Table.Td>
              <Table.Td>
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
              <Table.Td>
                {p.mrn ?? '—'}
                {isProvisional(p.mrn) ? (
                  <Badge ml={6} size="xs" color="yellow" variant="light">
                    provisional
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }} title={`Born ${p.birth_date}`}>
                {age(p.birth_date)}
              </Table.Td>
              <Table.Td>{stage ? <Badge variant="light">{stage}</Badge> : '—'}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLORS[p.status] ?? 'gray'} variant="outline">
                  {humanize(p.status)}
                </Badge>
              </Table.Td>
              <Table.Td data-testid="patient-news2">
                {p.latest_vitals?.news2 ? (
                  <Group gap={6} wrap="nowrap">
                    <News2Badge score={p.latest_vitals.news2} size="sm" />
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {dateTime(p.latest_vitals.taken_at)}
                    </Text>
                  </Group>
                ) : (
                  <Text size="sm" c="dimmed">
                    no obs
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <PatientAlerts patient={p} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Identity alerts, allergies and urgent tasks, as badges; nothing when there is no alert. */
function PatientAlerts({ patient }: { patient: PatientSummary }) {
  const allergies = patient.active_allergies ?? 0;
  const urgent = patient.urgent_tasks ?? 0;
  if (allergies === 0 && urgent === 0 && patient.namesakes.length === 0 && !patient.bed_shared) return null;
  return (
    <Group gap={4} data-testid="patient-alerts">
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
