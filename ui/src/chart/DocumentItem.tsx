import { useEffect, useState } from 'react';
import { Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { api } from '../lib/api';
import { canStamp, isImage } from '../lib/documents';
import { categoryLabel, dateTime, fileSize } from '../lib/format';
import type { DocumentRef, Entry } from '../lib/types';
import { useAction } from '../hooks/useAction';
import { useObjectUrl } from '../hooks/useObjectUrl';
import { ErrorMessage } from '../components/ErrorMessage';
import { DocumentViewer } from './DocumentViewer';

interface Props {
  patientId: string;
  doc: Entry<DocumentRef>;
  reload: () => Promise<void>;
  /** The clinician may stamp and delete it. */
  mayChange: boolean;
}

export function DocumentItem({ patientId, doc, reload, mayChange }: Props) {
  const [thumbBytes, setThumbBytes] = useState<ArrayBuffer | null>(null);
  const [content, setContent] = useState<ArrayBuffer | null>(null);
  const [statement, setStatement] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { busy, error, setError, run } = useAction();
  const image = isImage(doc.mime_type);
  const thumb = useObjectUrl(thumbBytes, doc.thumbnail_sha256 ? 'image/png' : doc.mime_type);

  useEffect(() => {
    if (!image) return;
    let live = true;
    api
      .openDocument(patientId, doc.record_id, true)
      .then((bytes) => {
        if (live) setThumbBytes(bytes);
      })
      .catch(() => {
        /* not downloaded yet: no thumbnail */
      });
    return () => {
      live = false;
    };
  }, [patientId, doc.record_id, doc.thumbnail_sha256, image]);

  const open = () =>
    run(async () => {
      setContent(await api.openDocument(patientId, doc.record_id, false));
    });

  async function stamp() {
    if (!statement?.trim()) return setError('Write what you are attesting, e.g. "Reviewed, no action".');
    const ok = await run(async () => {
      await api.stampDocument(patientId, doc.record_id, statement.trim());
      return true;
    });
    if (ok) {
      setStatement(null);
      await reload();
    }
  }

  async function remove() {
    const ok = await run(async () => {
      await api.deleteDocument(patientId, doc.record_id);
      return true;
    });
    setConfirmDelete(false);
    if (ok) await reload();
  }

  return (
    <Card withBorder padding="sm" data-testid="doc-item" data-category={doc.category}>
      <Group align="flex-start" wrap="nowrap">
        {image &&
          (thumb ? (
            <img className="doc-thumb" src={thumb} alt={`Thumbnail of ${doc.file_name}`} data-testid="doc-thumb" />
          ) : (
            <div className="doc-thumb" aria-hidden />
          ))}
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Text fw={600} truncate>
              {doc.file_name}
            </Text>
            <Badge variant="light">{categoryLabel(doc.category)}</Badge>
            <Text size="xs" c="dimmed">
              {fileSize(doc.size)} · {doc.mime_type}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            Captured {dateTime(doc.captured_at)} by {doc.uploaded_by}
          </Text>
          {doc.stamps.map((s, i) => (
            <Text key={i} size="sm" data-testid="doc-stamp">
              ✔ “{s.statement}” — {s.by}, {dateTime(s.at)}
            </Text>
          ))}
          {statement !== null && (
            <Group align="flex-end" gap="xs">
              <TextInput
                label="Statement"
                style={{ flex: 1 }}
                value={statement}
                onChange={(e) => setStatement(e.currentTarget.value)}
                data-testid="doc-stamp-text"
              />
              <Button size="xs" onClick={() => void stamp()} loading={busy} data-testid="doc-stamp-save">
                Stamp
              </Button>
              <Button size="xs" variant="default" onClick={() => setStatement(null)}>
                Cancel
              </Button>
            </Group>
          )}
          <ErrorMessage message={error} />
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" onClick={() => void open()} data-testid="doc-open">
            Open
          </Button>
          {mayChange && canStamp(doc.category) && statement === null && (
            <Button size="xs" variant="light" onClick={() => setStatement('')} data-testid="doc-stamp">
              Stamp
            </Button>
          )}
          {!mayChange ? null : confirmDelete ? (
            <>
              <Button size="xs" color="red" onClick={() => void remove()} loading={busy} data-testid="doc-delete-confirm">
                Confirm delete
              </Button>
              <Button size="xs" variant="default" onClick={() => setConfirmDelete(false)}>
                Keep
              </Button>
            </>
          ) : (
            <Button size="xs" variant="subtle" color="red" onClick={() => setConfirmDelete(true)} data-testid="doc-delete">
              Delete
            </Button>
          )}
        </Group>
      </Group>
      <DocumentViewer doc={doc} content={content} onClose={() => setContent(null)} />
    </Card>
  );
}
