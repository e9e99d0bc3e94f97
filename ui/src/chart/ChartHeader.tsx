import { useEffect, useRef } from 'react';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { age, fullName, humanize, pathwayLabel } from '../lib/format';
import { IdentityAlerts } from '../components/IdentityAlerts';
import { usePermissions } from '../hooks/usePermissions';
import { isProvisional } from '../lib/patients';
import type { Allergy, PatientSummary } from '../lib/types';
import { AllergyBanner } from './AllergyBanner';
import { DischargeButton } from './DischargeButton';
import { EditDetailsButton } from './EditDetailsButton';
import { api } from '../lib/api';
import { PrintButton } from '../components/PrintButton';

interface Props {
  patientId: string;
  patient: PatientSummary;
  allergies: Allergy[];
  reload: () => Promise<void>;
}

/**
 * The patient's name, numbers and allergies, with "Edit details" and "Discharge"; the name takes the focus when
 * the chart opens, so Tab goes on to those buttons and then into the chart.
 */
export function ChartHeader({ patientId, patient, allergies, reload }: Props) {
  const stage = pathwayLabel(patient.pathway);
  const may = usePermissions();
  const name = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    name.current?.focus();
  }, []);
  return (
    <Paper withBorder p="sm" data-testid="chart-header">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={2} ref={name} tabIndex={-1} data-testid="chart-name">
              {fullName(patient)}
            </Title>
            <Text size="lg" fw={600} data-testid="chart-age">
              {[age(patient.birth_date), humanize(patient.sex)].filter(Boolean).join(' · ')}
            </Text>
            <IdentityAlerts patient={patient} size="md" />
          </Group>
          <Group gap="xs">
            {stage && <Badge variant="light">{stage}</Badge>}
            <Badge variant="outline">{humanize(patient.status)}</Badge>
            <PrintButton label="Wristband" make={() => api.printWristband(patientId)} testId="print-wristband" />
            {may.register && <EditDetailsButton patientId={patientId} patient={patient} reload={reload} />}
            {may.register && patient.status !== 'discharged' && (
              <DischargeButton patientId={patientId} patient={patient} reload={reload} />
            )}
          </Group>
        </Group>
        <Group gap="lg">
          <Text size="sm">
            <b>MRN</b> {patient.mrn ?? '—'}
            {isProvisional(patient.mrn) ? ' (provisional)' : ''}
            {!isProvisional(patient.mrn) && patient.provisional_mrn !== null
              ? ` · formerly ${patient.provisional_mrn}`
              : ''}
          </Text>
          <Text size="sm">
            <b>Born</b> {patient.birth_date}
          </Text>
          <Text size="sm">
            <b>Ward</b> {patient.ward ?? '—'} <b>Bed</b> {patient.bed ?? '—'}
          </Text>
        </Group>
        <AllergyBanner allergies={allergies} />
      </Stack>
    </Paper>
  );
}
