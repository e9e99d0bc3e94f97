import { useState, type ReactNode } from 'react';
import { Button, Code, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { base64ToText, dataUrl, isImage } from '../lib/documents';
import type { DocumentRef } from '../lib/types';

interface Props {
  doc: DocumentRef;
  content: string | null;
  onClose: () => void;
}

function isTextual(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime === 'application/xml';
}

/** Shows an opened document: images inline, text as text, anything else on request. */
export function DocumentViewer({ doc, content, onClose }: Props) {
  const [asText, setAsText] = useState(false);
  const opened = content !== null;
  let body: ReactNode = null;
  if (content !== null) {
    if (isImage(doc.mime_type)) {
      body = <img className="doc-preview" src={dataUrl(doc.mime_type, content)} alt={doc.file_name} />;
    } else if (isTextual(doc.mime_type) || asText) {
      body = (
        <ScrollArea h={400}>
          <Code block>{safeText(content)}</Code>
        </ScrollArea>
      );
    } else {
      body = (
        <Stack gap="xs">
          <Text>
            {doc.file_name} was opened on this workstation ({doc.mime_type}); it cannot be shown here.
          </Text>
          <Button variant="light" onClick={() => setAsText(true)} w="fit-content">
            View as text
          </Button>
        </Stack>
      );
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={() => {
        setAsText(false);
        onClose();
      }}
      title={doc.file_name}
      size="xl"
    >
      <div data-testid="doc-viewer">{body}</div>
    </Modal>
  );
}

function safeText(b64: string): string {
  try {
    return base64ToText(b64);
  } catch {
    return 'This document could not be read as text.';
  }
}
