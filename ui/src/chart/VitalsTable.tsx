import { Table, Text } from '@mantine/core';
import { dateTime } from '../lib/format';
import { CONSCIOUSNESS_LABEL, pointsColor, pointsOf } from '../lib/news2';
import { bloodPressure, sortByTime, temperatureText } from '../lib/vitals';
import type { Entry, Parameter, ScoredVitals } from '../lib/types';
import { News2Badge } from '../components/News2Badge';

/** Newest first; each measurement tinted by the NEWS2 points it scored. */
export function VitalsTable({ vitals }: { vitals: Entry<ScoredVitals>[] }) {
  const rows = sortByTime(vitals).reverse();
  return (
    <Table striped data-testid="vitals-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Taken</Table.Th>
          <Table.Th>NEWS2</Table.Th>
          <Table.Th>RR</Table.Th>
          <Table.Th>SpO₂</Table.Th>
          <Table.Th>Air/O₂</Table.Th>
          <Table.Th>BP</Table.Th>
          <Table.Th>Pulse</Table.Th>
          <Table.Th>ACVPU</Table.Th>
          <Table.Th>Temp</Table.Th>
          <Table.Th>Weight</Table.Th>
          <Table.Th>By</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={11}>
              <Text c="dimmed">No vitals recorded.</Text>
            </Table.Td>
          </Table.Tr>
        )}
        {rows.map((v) => {
          const scored = (parameter: Parameter, text: string) => {
            const points = pointsOf(v.news2, parameter);
            return (
              <Table.Td
                style={{ background: pointsColor(points), fontWeight: points ? 600 : undefined }}
                data-points={points ?? ''}
                data-testid={`vitals-cell-${parameter}`}
              >
                {text}
              </Table.Td>
            );
          };
          return (
            <Table.Tr key={v.record_id} data-testid="vitals-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(v.taken_at)}</Table.Td>
              <Table.Td>
                <News2Badge score={v.news2} size="sm" />
              </Table.Td>
              {scored('respiratory_rate', v.respiratory_rate === null ? '' : String(v.respiratory_rate))}
              {scored(
                'spo2',
                v.spo2_pct === null ? '' : `${v.spo2_pct}%${v.spo2_scale === 'scale2' ? ' (scale 2)' : ''}`,
              )}
              {scored('air_or_oxygen', v.on_oxygen === null ? '' : v.on_oxygen ? 'O₂' : 'Air')}
              {scored('systolic_pressure', bloodPressure(v))}
              {scored('pulse', v.pulse_bpm === null ? '' : String(v.pulse_bpm))}
              {scored('consciousness', v.consciousness ? CONSCIOUSNESS_LABEL[v.consciousness] : '')}
              {scored('temperature', temperatureText(v.temperature))}
              <Table.Td>{v.weight ? `${v.weight.value} ${v.weight.unit}` : ''}</Table.Td>
              <Table.Td>{v.recorded_by}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
