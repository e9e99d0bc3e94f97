import { useState, type ReactNode } from 'react';
import { Button, Code, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { bytesToText, isImage } from '../lib/documents';
import type { DocumentRef } from '../lib/types';
import { useObjectUrl } from '../hooks/useObjectUrl';

interface Props {
  doc: DocumentRef;
  content: ArrayBuffer | null;
  onClose: () => void;
}

function isTextual(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime === 'application/xml';
}

/** Shows an opened document: images inline, text as text, anything else on request. */
export function DocumentViewer({ doc, content, onClose }: Props) {
  const [asText, setAsText] = useState(false);
  const image = isImage(doc.mime_type);
  const url = useObjectUrl(image ? content : null, doc.mime_type);
  const opened = content !== null;
  let body: ReactNode = null;
  if (content !== null) {
    if (image) {
      body = url && <img className="doc-preview" src={url} alt={doc.file_name} />;
    } else if (isTextual(doc.mime_type) || asText) {
      body = (
        <ScrollArea h={400}>
          <Code block>{bytesToText(content) ?? 'This document could not be read as text.'}</Code>
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
