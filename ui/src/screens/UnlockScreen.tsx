import { useState, type FormEvent } from 'react';
import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { api } from '../lib/api';
import type { Clinician } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';
import { CenteredCard } from './CenteredCard';

interface Props {
  clinician: Clinician;
  onUnlocked: () => void;
  onLogout: () => void;
}

export function UnlockScreen({ clinician, onUnlocked, onLogout }: Props) {
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) {
      setError('Enter your password to unlock.');
      return;
    }
    const ok = await run(async () => {
      await api.unlock(password);
      return true;
    });
    if (ok) {
      setPassword('');
      onUnlocked();
    }
  }

  return (
    <CenteredCard
      title="Workstation locked"
      hint={`Locked after a period without use. ${clinician.display_name}, enter your password to carry on.`}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="unlock-password"
            required
            autoFocus
          />
          <ErrorMessage message={error} />
          <Group justify="space-between">
            <Button variant="subtle" onClick={onLogout} data-testid="logout">
              Log out
            </Button>
            <Button type="submit" loading={busy} data-testid="unlock-submit">
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </CenteredCard>
  );
}
