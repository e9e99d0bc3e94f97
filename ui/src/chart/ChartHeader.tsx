import { useEffect, useRef } from 'react';
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { fullName, humanize, pathwayLabel } from '../lib/format';
import { isProvisional } from '../lib/patients';
import type { Allergy, PatientSummary } from '../lib/types';
import { AllergyBanner } from './AllergyBanner';

/** The patient's name, numbers and allergies; takes the focus when the chart opens, so Tab goes on into the chart. */
export function ChartHeader({ patient, allergies }: { patient: PatientSummary; allergies: Allergy[] }) {
  const stage = pathwayLabel(patient.pathway);
  const name = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    name.current?.focus();
  }, []);
  return (
    <Paper withBorder p="sm" data-testid="chart-header">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} ref={name} tabIndex={-1} data-testid="chart-name">
            {fullName(patient)}
          </Title>
          <Group gap="xs">
            {stage && <Badge variant="light">{stage}</Badge>}
            <Badge variant="outline">{humanize(patient.status)}</Badge>
          </Group>
        </Group>
        <Group gap="lg">
          <Text size="sm">
            <b>MRN</b> {patient.mrn ?? '—'}
            {isProvisional(patient.mrn) ? ' (provisional)' : ''}
            {!isProvisional(patient.mrn) && typeof patient.provisional_mrn === 'string'
              ? ` · formerly ${patient.provisional_mrn}`
              : ''}
          </Text>
          <Text size="sm">
            <b>Born</b> {patient.birth_date}
          </Text>
          <Text size="sm">
            <b>Sex</b> {humanize(patient.sex)}
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
