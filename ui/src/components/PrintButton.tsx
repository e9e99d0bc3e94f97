import { useState } from 'react';
import { Alert, Button, Group, Text } from '@mantine/core';
import { api } from '../lib/api';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from './ErrorMessage';

interface Props {
  /** What the button says, e.g. "Handover sheet". */
  label: string;
  /** Makes the PDF and answers where it was put. */
  make: () => Promise<string>;
  testId: string;
}

/** The file name of a path. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Makes a printout (a PDF, on this workstation, offline) and offers to open it in the system's PDF viewer to print.
 * The file is kept only until logout.
 */
export function PrintButton({ label, make, testId }: Props) {
  const [ready, setReady] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const opening = useAction();

  return (
    <>
      <Button
        variant="default"
        loading={busy}
        onClick={() => void run(async () => setReady(await make()))}
        data-testid={testId}
      >
        {label}
      </Button>
      <ErrorMessage message={error} />
      {ready && (
        <Alert
          color="teal"
          variant="light"
          withCloseButton
          onClose={() => setReady(null)}
          data-testid={`${testId}-ready`}
          data-path={ready}
          style={{ position: 'fixed', bottom: 56, right: 16, zIndex: 300, maxWidth: 480 }}
        >
          <Group gap="sm" wrap="nowrap">
            <Text size="sm">{fileName(ready)} is ready (PDF, deleted at logout).</Text>
            <Button
              size="xs"
              style={{ flexShrink: 0 }}
              loading={opening.busy}
              onClick={() => void opening.run(() => api.openPrintout(ready))}
            >
              Open to print
            </Button>
          </Group>
          <ErrorMessage message={opening.error} />
        </Alert>
      )}
    </>
  );
}
