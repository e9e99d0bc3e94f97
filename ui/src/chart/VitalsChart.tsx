import { Box, Text } from '@mantine/core';
import { LineChart } from '@mantine/charts';
import { dateTime } from '../lib/format';
import { chartSeries } from '../lib/vitals';
import type { Entry, Vitals } from '../lib/types';

export function VitalsChart({ vitals }: { vitals: Entry<Vitals>[] }) {
  const data = chartSeries(vitals, dateTime);
  return (
    <Box data-testid="vitals-chart" aria-label="Vitals over time">
      {data.length < 2 ? (
        <Text c="dimmed" size="sm">
          The chart appears once two sets of vitals are recorded.
        </Text>
      ) : (
        <LineChart
          h={240}
          data={data}
          dataKey="time"
          connectNulls
          withLegend
          series={[
            { name: 'Pulse', color: 'red.6' },
            { name: 'Systolic', color: 'blue.6' },
            { name: 'Temperature °C', color: 'orange.6', yAxisId: 'right' },
          ]}
          withRightYAxis
          rightYAxisProps={{ domain: [34, 42] }}
        />
      )}
    </Box>
  );
}
