import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { api } from '../lib/api';
import { fullName, plural } from '../lib/format';
import type { Candidate, Lookup } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  opened: boolean;
  onClose: () => void;
  onGranted: (patientId: string) => void;
}

export const REASON_MAX = 500;
const LOOKUP_MIN = 3;

/**
 * Emergency access to a patient outside this workstation's wards: find them by the MRN on their wristband or by
 * name, choose the right one, give a reason (audited), open the chart.
 */
export function BreakGlassDialog({ opened, onClose, onGranted }: Props) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Lookup | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const finding = useAction();
  const opening = useAction();

  function close() {
    setText('');
    setFound(null);
    setChosen(null);
    setReason('');
    finding.setError(null);
    opening.setError(null);
    onClose();
  }

  async function find(e: FormEvent) {
    e.preventDefault();
    if (text.replace(/\s/g, '').length < LOOKUP_MIN) return finding.setError('Type the MRN, or at least 3 letters of the name.');
    const lookup = await finding.run(() => api.lookUpPatient(text.trim()));
    if (lookup === undefined) return;
    setFound(lookup);
    setChosen(lookup.candidates.length === 1 ? lookup.candidates[0].patient_id : null);
  }

  async function open(e: FormEvent) {
    e.preventDefault();
    const why = reason.trim();
    if (!chosen) return opening.setError('Choose the patient first.');
    if (!why) return opening.setError('A reason is required for emergency access.');
    if (why.length > REASON_MAX) return opening.setError(`Keep the reason under ${REASON_MAX} characters.`);
    const ok = await opening.run(async () => {
      await api.breakGlass(chosen, why);
      return true;
    });
    if (ok) {
      close();
      onGranted(chosen);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title="Break-glass access" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          Open the chart of a patient who is not on your wards. Your name, the time and your reason are recorded and
          reviewed.
        </Text>
        <form onSubmit={find} noValidate>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label="MRN or name"
              description="As on the wristband: the MRN, or the family and given names"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              style={{ flex: 1 }}
              data-testid="bg-lookup"
              data-autofocus
            />
            <Button type="submit" variant="light" loading={finding.busy} data-testid="bg-find">
              Find
            </Button>
          </Group>
        </form>
        <ErrorMessage message={finding.error} />
        {found && <Candidates lookup={found} chosen={chosen} onChoose={setChosen} />}
        <form onSubmit={open} noValidate>
          <Stack gap="sm">
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
            <ErrorMessage message={opening.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={opening.busy} disabled={!chosen} data-testid="bg-submit">
                Open chart
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}

function place(c: Candidate): string {
  return [c.ward, c.bed && `bed ${c.bed}`].filter(Boolean).join(' ');
}

function Candidates({ lookup, chosen, onChoose }: { lookup: Lookup; chosen: string | null; onChoose: (id: string) => void }) {
  return (
    <Stack gap={6} data-testid="bg-candidates">
      {lookup.offline && (
        <Alert color="gray" variant="light" p="xs">
          The server is out of reach: only patients held on this workstation are listed.
        </Alert>
      )}
      <Text size="sm" c="dimmed">
        {lookup.candidates.length === 0 ? 'No patient matches.' : `${plural(lookup.candidates.length, 'patient', 'patients')} found: choose one.`}
      </Text>
      <Radio.Group value={chosen} onChange={onChoose}>
        <Stack gap={4}>
          {lookup.candidates.map((c) => (
            <Radio
              key={c.patient_id}
              value={c.patient_id}
              data-testid="bg-candidate"
              label={
                <Text size="sm">
                  <b>{fullName(c)}</b> · born {c.birth_date} · MRN {c.mrn} · {place(c)}
                </Text>
              }
            />
          ))}
        </Stack>
      </Radio.Group>
    </Stack>
  );
}
