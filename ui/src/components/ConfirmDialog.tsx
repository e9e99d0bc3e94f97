import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  opened: boolean;
  title: string;
  /** The question, in words. */
  children: ReactNode;
  confirmLabel: string;
  confirmTestId: string;
  cancelTestId: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a step that cannot simply be undone; "Cancel" has the focus, so Enter alone changes nothing. */
export function ConfirmDialog(props: Props) {
  const { opened, title, children, confirmLabel, confirmTestId, cancelTestId, busy, error, onConfirm, onClose } = props;
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack gap="sm">
        <Text>{children}</Text>
        <ErrorMessage message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus data-testid={cancelTestId}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={onConfirm} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
