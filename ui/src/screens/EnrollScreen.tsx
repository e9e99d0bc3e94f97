import { useState, type FormEvent } from 'react';
import { Button, Stack, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';
import { CenteredCard } from './CenteredCard';

export function EnrollScreen({ onEnrolled }: { onEnrolled: () => void }) {
  const [server, setServer] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!server.trim() || !code.trim()) {
      setError('Enter the server address and the enrollment code from IT.');
      return;
    }
    const done = await run(() => api.enroll(server.trim(), code.trim()));
    if (done) onEnrolled();
  }

  return (
    <CenteredCard title="Set up this workstation" hint="IT gives you the server address and a one-time enrollment code.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Server address"
            placeholder="https://bedside.hospital.local"
            value={server}
            onChange={(e) => setServer(e.currentTarget.value)}
            data-testid="enroll-server"
            required
            autoFocus
          />
          <TextInput
            label="Enrollment code"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            data-testid="enroll-code"
            required
          />
          <ErrorMessage message={error} />
          <Button type="submit" loading={busy} data-testid="enroll-submit">
            Enroll workstation
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
