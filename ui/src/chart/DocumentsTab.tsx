import { Stack, Text, Title } from '@mantine/core';
import type { DocumentRef, Entry } from '../lib/types';
import { DocumentTiles } from './DocumentTiles';
import { DocumentUpload } from './DocumentUpload';
import { DocumentItem } from './DocumentItem';

interface Props {
  patientId: string;
  documents: Entry<DocumentRef>[];
  tiles: { category: string; count: number }[];
  reload: () => Promise<void>;
}

export function DocumentsTab({ patientId, documents, tiles, reload }: Props) {
  const live = documents.filter((d) => !d.deleted);
  const deleted = documents.filter((d) => d.deleted);
  return (
    <Stack gap="md">
      <DocumentTiles tiles={tiles} documents={documents} />
      <DocumentUpload patientId={patientId} onUploaded={reload} />
      <Title order={4}>Documents</Title>
      {live.length === 0 && <Text c="dimmed">No documents yet.</Text>}
      {live.map((d) => (
        <DocumentItem key={d.record_id} patientId={patientId} doc={d} reload={reload} />
      ))}
      {deleted.length > 0 && (
        <Text size="sm" c="dimmed">
          {deleted.length} deleted document{deleted.length === 1 ? '' : 's'} kept for the record:{' '}
          {deleted.map((d) => `${d.file_name} (deleted by ${d.deleted?.by})`).join(', ')}
        </Text>
      )}
    </Stack>
  );
}
