import { useState } from 'react';
import { Button, Code, List, Text } from '@mantine/core';
import { api } from '../lib/api';
import type { StartupProblem } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CenteredCard } from './CenteredCard';

/**
 * The workstation's data cannot be opened with this keyring (another user's login, a reset keyring, a copied
 * folder). Says what that means and what is lost, and offers the one way on: set the folder aside, untouched, and
 * enroll afresh with a new code from IT.
 */
export function UnreadableScreen({ problem }: { problem: StartupProblem }) {
  const [asking, setAsking] = useState(false);
  const { busy, error, run } = useAction();

  return (
    <CenteredCard title="This workstation's data is locked">
      <Text size="sm">
        The key that encrypts this workstation's charts is not in this computer's keyring (a different Linux login, a
        keyring that was reset, or a copied folder). Without it nothing stored here can be read or sent.
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>If the keyring can be brought back (log in as the usual user, or ask IT to restore it), do that: nothing is lost.</List.Item>
        <List.Item>
          Otherwise set the data aside and enroll this workstation again with a new code from IT. Charts come back from
          the server at the first sync; changes made here that never reached the server stay in the set-aside folder
          and cannot be read without the original keyring.
        </List.Item>
        <List.Item>Ask IT to revoke the old device afterwards.</List.Item>
      </List>
      <Text size="xs" c="dimmed">
        Folder: <Code>{problem.folder}</Code>
      </Text>
      <Button color="red" variant="light" onClick={() => setAsking(true)} data-testid="unreadable-set-aside">
        Set the data aside and enroll again
      </Button>
      <ConfirmDialog
        opened={asking}
        title="Set this workstation's data aside?"
        confirmLabel="Set aside and restart"
        confirmTestId="unreadable-confirm"
        cancelTestId="unreadable-cancel"
        busy={busy}
        error={error}
        onConfirm={() => void run(() => api.setAsideWorkstation())}
        onClose={() => setAsking(false)}
      >
        The folder is renamed, not deleted, and Bedside restarts ready to enroll. Changes that never reached the server
        cannot be recovered without the original keyring.
      </ConfirmDialog>
    </CenteredCard>
  );
}
