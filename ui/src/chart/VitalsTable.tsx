import { Table, Text } from '@mantine/core';
import { dateTime } from '../lib/format';
import { bloodPressure, sortByTime, temperatureText } from '../lib/vitals';
import type { Entry, Vitals } from '../lib/types';

export function VitalsTable({ vitals }: { vitals: Entry<Vitals>[] }) {
  const rows = sortByTime(vitals).reverse();
  return (
    <Table striped data-testid="vitals-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Taken</Table.Th>
          <Table.Th>Temp</Table.Th>
          <Table.Th>Pulse</Table.Th>
          <Table.Th>BP</Table.Th>
          <Table.Th>RR</Table.Th>
          <Table.Th>SpO₂</Table.Th>
          <Table.Th>Weight</Table.Th>
          <Table.Th>By</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={8}>
              <Text c="dimmed">No vitals recorded.</Text>
            </Table.Td>
          </Table.Tr>
        )}
        {rows.map((v) => (
          <Table.Tr key={v.record_id} data-testid="vitals-row">
            <Table.Td>{dateTime(v.taken_at)}</Table.Td>
            <Table.Td>{temperatureText(v.temperature)}</Table.Td>
            <Table.Td>{v.pulse_bpm ?? ''}</Table.Td>
            <Table.Td>{bloodPressure(v)}</Table.Td>
            <Table.Td>{v.respiratory_rate ?? ''}</Table.Td>
            <Table.Td>{v.spo2_pct === null ? '' : `${v.spo2_pct}%`}</Table.Td>
            <Table.Td>{v.weight ? `${v.weight.value} ${v.weight.unit}` : ''}</Table.Td>
            <Table.Td>{v.recorded_by}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
