import { useEffect, useState } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { useStatus } from './hooks/useStatus';
import { api } from './lib/api';
import { EnrollScreen } from './screens/EnrollScreen';
import { LoginScreen } from './screens/LoginScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { Workstation } from './Workstation';
import { ErrorMessage } from './components/ErrorMessage';
import { UnreadableScreen } from './screens/UnreadableScreen';
import type { StartupProblem } from './lib/types';

/** Chooses the screen from the workstation status: enroll → log in → unlock → work. */
export function App() {
  const { status, error, refresh } = useStatus();
  const [problem, setProblem] = useState<StartupProblem | null>(null);
  useEffect(() => {
    if (error && !status) {
      api
        .startupProblem()
        .then(setProblem)
        .catch(() => {});
    }
  }, [error, status]);

  if (!status && problem?.unreadable) return <UnreadableScreen problem={problem} />;
  if (!status) {
    return (
      <Center mih="100vh">
        <Stack align="center">
          {error ? <ErrorMessage message={error} title="Cannot reach the workstation" /> : <Loader />}
          <Text c="dimmed">Opening workstation…</Text>
        </Stack>
      </Center>
    );
  }

  const logout = async () => {
    try {
      await api.logout();
    } finally {
      await refresh();
    }
  };

  if (!status.enrolled) return <EnrollScreen onEnrolled={() => void refresh()} />;
  if (!status.clinician) return <LoginScreen onLoggedIn={() => void refresh()} />;
  if (status.locked) {
    return <UnlockScreen clinician={status.clinician} onUnlocked={() => void refresh()} onLogout={() => void logout()} />;
  }
  return <Workstation status={status} clinician={status.clinician} refresh={refresh} onLogout={logout} />;
}
