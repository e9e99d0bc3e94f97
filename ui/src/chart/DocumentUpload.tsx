import { useRef, useState } from 'react';
import { Alert, Button, Group, Input, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '../lib/api';
import { asksToReplaceOldest, buildCapture, type CaptureArgs } from '../lib/documents';
import { categoryLabel } from '../lib/format';
import { DOCUMENT_CATEGORIES, type DocumentCategory } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from '../components/ErrorMessage';

interface Props {
  patientId: string;
  onUploaded: () => Promise<void> | void;
}

export function DocumentUpload({ patientId, onUploaded }: Props) {
  const [category, setCategory] = useState<DocumentCategory>('preop');
  const [refused, setRefused] = useState<{ args: CaptureArgs; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const { busy, error, setError, run } = useAction();

  async function finish(name: string) {
    setRefused(null);
    setDone(`${name} uploaded.`);
    if (fileRef.current) fileRef.current.value = '';
    await onUploaded();
  }

  async function upload() {
    setDone(null);
    const file = fileRef.current?.files?.[0];
    if (!file) return setError('Choose a file first.');
    const args = await buildCapture(patientId, category, file, false);
    const outcome = await run(async () => {
      try {
        await api.captureDocument(args);
        return 'ok' as const;
      } catch (err) {
        if (asksToReplaceOldest(err)) {
          setRefused({ args, message: (err as { message: string }).message });
          return 'refused' as const;
        }
        throw err;
      }
    });
    if (outcome === 'ok') await finish(file.name);
  }

  async function replaceOldest() {
    if (!refused) return;
    const args = { ...refused.args, replaceOldest: true };
    const ok = await run(async () => {
      await api.captureDocument(args);
      return true;
    });
    if (ok) await finish(args.fileName);
  }

  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Title order={4}>Add a document</Title>
        <Group align="flex-end" gap="md">
          <NativeSelect
            label="Category"
            w={200}
            data={DOCUMENT_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))}
            value={category}
            onChange={(e) => {
              setCategory(e.currentTarget.value as DocumentCategory);
              setRefused(null);
            }}
            data-testid="doc-category"
          />
          <Input.Wrapper label="File" id="doc-file-wrapper">
            <div>
              <input
                id="doc-file"
                ref={fileRef}
                className="file-input"
                type="file"
                data-testid="doc-file"
                aria-label="File to upload"
                onChange={() => {
                  setRefused(null);
                  setDone(null);
                }}
              />
            </div>
          </Input.Wrapper>
          <Button onClick={() => void upload()} loading={busy && !refused} data-testid="doc-upload">
            Upload
          </Button>
        </Group>
        {refused && (
          <Alert color="orange" title="This category is full" data-testid="doc-replace-prompt">
            <Stack gap="xs">
              <Text size="sm">{refused.message}</Text>
              <Group>
                <Button color="orange" onClick={() => void replaceOldest()} loading={busy} data-testid="doc-replace-confirm">
                  Replace the oldest
                </Button>
                <Button variant="default" onClick={() => setRefused(null)} data-testid="doc-replace-cancel">
                  Keep the existing ones
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <ErrorMessage message={error} />
        {done && (
          <Text size="sm" c="teal.8" data-testid="doc-uploaded">
            {done}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
