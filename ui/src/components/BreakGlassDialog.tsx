import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { api } from '../lib/api';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  opened: boolean;
  onClose: () => void;
  onGranted: (patientId: string) => void;
}

export const REASON_MAX = 500;

/** Emergency access to a patient outside this workstation's wards; the reason is audited. */
export function BreakGlassDialog({ opened, onClose, onGranted }: Props) {
  const [patientId, setPatientId] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const id = patientId.trim();
    const why = reason.trim();
    if (!id) return setError('Enter the patient id.');
    if (!why) return setError('A reason is required for emergency access.');
    if (why.length > REASON_MAX) return setError(`Keep the reason under ${REASON_MAX} characters.`);
    const ok = await run(async () => {
      await api.breakGlass(id, why);
      return true;
    });
    if (ok) {
      setPatientId('');
      setReason('');
      onGranted(id);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Break-glass access" size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            Open the chart of a patient who is not on your wards. Your name, the time and your reason are recorded and
            reviewed.
          </Text>
          <TextInput
            label="Patient id"
            value={patientId}
            onChange={(e) => setPatientId(e.currentTarget.value)}
            data-testid="bg-patient"
            required
          />
          <Textarea
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={REASON_MAX}
            autosize
            minRows={2}
            data-testid="bg-reason"
            required
          />
          <ErrorMessage message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} data-testid="bg-submit">
              Open chart
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
