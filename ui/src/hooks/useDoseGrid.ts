import { useEffect, useState } from 'react';
import { api } from '../lib/api';
import type { ScheduledDose } from '../lib/types';

/**
 * One patient's scheduled doses (the chart's dose grid), fetched again whenever the chart's orders or doses, as last
 * loaded, change. A failure leaves the grid empty: the orders and their record still show.
 */
export function useDoseGrid(patientId: string, orders: unknown, doses: unknown): ScheduledDose[] {
  const [grid, setGrid] = useState<ScheduledDose[]>([]);
  useEffect(() => {
    let live = true;
    api
      .doseGrid(patientId)
      .then((doses) => live && setGrid(doses))
      .catch(() => live && setGrid([]));
    return () => {
      live = false;
    };
  }, [patientId, orders, doses]);
  return grid;
}
