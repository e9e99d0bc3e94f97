import { useState } from 'react';
import { Badge, Button, Card, Divider, Group, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { ORDER_STATUS_COLORS, nextAsNeeded } from '../lib/medications';
import { clockTime } from '../lib/format';
import type { Administration, AdministrationOutcome, Entry, PrescriptionLine, ScheduledDose } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { usePermissions } from '../hooks/usePermissions';
import { ErrorMessage } from '../components/ErrorMessage';
import { MarList } from './MarList';
import { InErrorDialog } from './InErrorDialog';
import type { MarLine } from '../lib/medications';
import { DoseDialog, OUTCOMES } from './DoseDialog';
import { DoseTimes } from './DoseTimes';

interface Props {
  patientId: string;
  order: PrescriptionLine;
  doses: MarLine[];
  /** The order's scheduled doses from a day back to the end of today. */
  scheduled?: ScheduledDose[];
  reload: () => Promise<void>;
}

/** One medication order with its dose buttons, "Stop", and its administration record. */
export function MedicationOrderItem({ patientId, order, doses, scheduled = [], reload }: Props) {
  const [recording, setRecording] = useState<AdministrationOutcome | null>(null);
  const [wrong, setWrong] = useState<Entry<Administration> | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const { busy, error, code, setError, run } = useAction();
  const active = order.status === 'active';
  const may = usePermissions();
  const prn = order.schedule?.timing === 'as_needed' ? order.schedule : null;
  const next = prn ? nextAsNeeded(prn, doses) : null;
  // An as-needed dose inside its interval (or beyond its daily maximum) is refused until a reason is given.
  const needsReason = recording === 'given' && prn !== null && code === 'CONFLICT';

  async function record(outcome: AdministrationOutcome, givenAt: string, note: string | null, reason: string | null) {
    const ok = await run(async () => {
      await api.recordAdministration(patientId, order.prescription_id, outcome, note, givenAt, reason);
      return true;
    });
    if (ok) {
      setRecording(null);
      await reload();
    }
  }

  async function markInError(reason: string) {
    if (!wrong) return;
    const ok = await run(async () => {
      await api.markDoseInError(patientId, wrong.record_id, reason);
      return true;
    });
    if (ok) {
      setWrong(null);
      await reload();
    }
  }

  async function stop() {
    if (!reason?.trim()) return setError('Give the reason for stopping this order.');
    const ok = await run(async () => {
      await api.stopPrescription(patientId, order.prescription_id, reason.trim());
      return true;
    });
    if (ok) {
      setReason(null);
      await reload();
    }
  }

  return (
    <Card withBorder padding="sm" data-testid="med-item" data-status={order.status}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text fw={600}>
              {order.drug} {order.dose} · {order.route} · {order.frequency}
            </Text>
            <Text size="xs" c="dimmed">
              From {order.start}
              {order.end ? ` to ${order.end}` : order.doses ? '' : ' (no end date)'}
              {order.doses ? ` · ${order.doses} doses` : ''} · prescribed by {order.prescriber}
            </Text>
            {next && active && (
              <Text size="xs" fw={600} c={Date.parse(next.nextFrom) > Date.now() ? 'orange.8' : 'teal.8'} data-testid="prn-next">
                Last given {clockTime(next.last)} · next from {clockTime(next.nextFrom)}
              </Text>
            )}
          </Stack>
          <Badge variant="light" color={ORDER_STATUS_COLORS[order.status] ?? 'gray'} data-testid="med-status">
            {order.status}
          </Badge>
        </Group>
        {active && (may.give_medicines || may.prescribe) && (
          <Group align="flex-end" gap="xs">
            {may.give_medicines &&
              OUTCOMES.map((o) => (
                <Button
                  key={o.outcome}
                  size="xs"
                  variant="light"
                  color={o.color}
                  onClick={() => {
                    setError(null);
                    setRecording(o.outcome);
                  }}
                  data-testid={`mar-${o.outcome}`}
                >
                  {o.label}
                </Button>
              ))}
            {may.prescribe && reason === null && (
              <Button size="xs" variant="default" onClick={() => setReason('')} data-testid="med-stop">
                Stop
              </Button>
            )}
          </Group>
        )}
        {active && reason !== null && (
          <Group align="flex-end" gap="xs">
            <TextInput
              size="xs"
              label="Reason for stopping"
              style={{ flex: 1 }}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-testid="med-stop-reason"
            />
            <Button size="xs" variant="default" onClick={() => setReason(null)}>
              Keep order
            </Button>
            <Button size="xs" color="red" loading={busy} onClick={() => void stop()} data-testid="med-stop-confirm">
              Stop order
            </Button>
          </Group>
        )}
        {recording === null && wrong === null && <ErrorMessage message={error} />}
        {active && (
          <DoseTimes
            doses={scheduled}
            onGive={
              may.give_medicines
                ? () => {
                    setError(null);
                    setRecording('given');
                  }
                : undefined
            }
          />
        )}
        <DoseDialog
          order={order}
          outcome={recording}
          busy={busy}
          error={recording === null ? null : error}
          needsReason={needsReason}
          onConfirm={(givenAt, note, reason) => recording && void record(recording, givenAt, note, reason)}
          onClose={() => setRecording(null)}
        />
        <Divider label="Administration record" labelPosition="left" />
        <MarList lines={doses} onMarkInError={may.give_medicines ? setWrong : undefined} />
        <InErrorDialog
          dose={wrong}
          busy={busy}
          error={wrong === null ? null : error}
          onConfirm={(reason) => void markInError(reason)}
          onClose={() => setWrong(null)}
        />
      </Stack>
    </Card>
  );
}
