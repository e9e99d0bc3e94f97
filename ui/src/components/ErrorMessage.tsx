import { Alert } from '@mantine/core';

interface Props {
  message: string | null | undefined;
  title?: string;
  onClose?: () => void;
}

/** A plain-words error; every displayed error carries data-testid="error-message". */
export function ErrorMessage({ message, title = 'That did not work', onClose }: Props) {
  if (!message) return null;
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      role="alert"
      data-testid="error-message"
      withCloseButton={!!onClose}
      onClose={onClose}
      closeButtonLabel="Dismiss"
    >
      {message}
    </Alert>
  );
}
