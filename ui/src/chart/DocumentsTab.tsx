import { Stack, Text, Title } from '@mantine/core';
import type { DocumentRef, Entry } from '../lib/types';
import { DocumentTiles } from './DocumentTiles';
import { DocumentUpload } from './DocumentUpload';
import { DocumentItem } from './DocumentItem';
import { plural } from '../lib/format';
import { usePermissions } from '../hooks/usePermissions';
import { SidePanel } from '../components/SidePanel';

interface Props {
  patientId: string;
  documents: Entry<DocumentRef>[];
  tiles: { category: string; count: number }[];
  reload: () => Promise<void>;
}

export function DocumentsTab({ patientId, documents, tiles, reload }: Props) {
  const live = documents.filter((d) => !d.deleted);
  const deleted = documents.filter((d) => d.deleted);
  const may = usePermissions();
  return (
    <Stack gap="md">
      {may.attach_documents && (
        <SidePanel label="Attach a document" testId="doc-attach-open" onSaved={reload}>
          {(saved) => <DocumentUpload patientId={patientId} onUploaded={saved} />}
        </SidePanel>
      )}
      <DocumentTiles tiles={tiles} documents={documents} />
      <Title order={4}>Documents</Title>
      {live.length === 0 && <Text c="dimmed">No documents yet.</Text>}
      {live.map((d) => (
        <DocumentItem key={d.record_id} patientId={patientId} doc={d} reload={reload} mayChange={may.attach_documents} />
      ))}
      {deleted.length > 0 && (
        <Text size="sm" c="dimmed">
          {plural(deleted.length, 'deleted document', 'deleted documents')} kept for the record:{' '}
          {deleted.map((d) => `${d.file_name} (deleted by ${d.deleted?.by})`).join(', ')}
        </Text>
      )}
    </Stack>
  );
}
