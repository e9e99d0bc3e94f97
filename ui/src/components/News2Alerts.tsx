import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { api } from '../lib/api';
import { BAND_RESPONSE } from '../lib/news2';
import { clockTime } from '../lib/format';
import type { News2Alert } from '../lib/types';
import { useTauriEvent } from '../hooks/useTauriEvent';
import { usePermissions } from '../hooks/usePermissions';
import { News2Badge } from './News2Badge';

/**
 * Medium and high NEWS2 scores recorded on another workstation interrupt this one: a banner per patient, above
 * whatever is on screen, until someone here opens the chart or acknowledges it. It arrives with the sync the server's
 * live push starts.
 */
export function News2Alerts({ onOpen }: { onOpen: (patientId: string) => void }) {
  const may = usePermissions();
  const [alerts, setAlerts] = useState<News2Alert[]>([]);

  const load = useCallback(async () => {
    try {
      setAlerts((await api.news2Alerts()) ?? []);
    } catch {
      // A locked or logged-out workstation has no alerts to show; the next change reloads.
    }
  }, []);

  useEffect(() => {
    if (may.read_clinical) void load();
  }, [load, may.read_clinical]);
  useTauriEvent('bedside://changed', () => void load());

  async function acknowledge(alert: News2Alert, open: boolean) {
    await api.acknowledgeAlert(alert.record_id).catch(() => {});
    setAlerts((all) => all.filter((a) => a.record_id !== alert.record_id));
    if (open) onOpen(alert.patient_id);
  }

  if (!may.read_clinical || alerts.length === 0) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="news2-alerts">
      {alerts.map((a) => {
        const score = a.vitals.news2;
        return (
          <Alert
            key={a.record_id}
            color={score?.band === 'high' ? 'red' : 'orange'}
            variant="filled"
            role="alert"
            data-testid="news2-alert"
            data-band={score?.band}
          >
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2}>
                <Group gap="xs" wrap="nowrap">
                  <News2Badge score={score} />
                  <Text fw={700}>
                    {a.patient_name} · {a.bed ? `bed ${a.bed}` : a.ward}
                  </Text>
                </Group>
                <Text size="sm">
                  Taken {clockTime(a.vitals.taken_at)} by {a.vitals.recorded_by}. {score ? BAND_RESPONSE[score.band] : ''}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" variant="white" color="dark" onClick={() => void acknowledge(a, true)} data-testid="news2-alert-open">
                  Open chart
                </Button>
                <Button size="xs" variant="outline" color="white" onClick={() => void acknowledge(a, false)} data-testid="news2-alert-ack">
                  Acknowledge
                </Button>
              </Group>
            </Group>
          </Alert>
        );
      })}
    </Stack>
  );
}
