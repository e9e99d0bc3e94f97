import { useState, type FormEvent } from 'react';
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import type { Clinician } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';
import { CenteredCard } from './CenteredCard';

export function LoginScreen({ onLoggedIn }: { onLoggedIn: (c: Clinician) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    const clinician = await run(() => api.login(username.trim(), password));
    if (clinician) {
      setPassword('');
      onLoggedIn(clinician);
    }
  }

  return (
    <CenteredCard title="Log in" hint="Works offline once you have logged in on this workstation before.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            data-testid="login-username"
            required
            autoFocus
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            data-testid="login-password"
            required
          />
          <ErrorMessage message={error} />
          <Button type="submit" loading={busy} data-testid="login-submit">
            Log in
          </Button>
        </Stack>
      </form>
    </CenteredCard>
  );
}
