import { Paper, SimpleGrid, Text } from '@mantine/core';
import { categoryLabel } from '../lib/format';
import { tileCounts } from '../lib/documents';
import { DOCUMENT_CATEGORIES, type DocumentRef } from '../lib/types';

interface Props {
  tiles: { category: string; count: number }[];
  documents: DocumentRef[];
}

/** One tile per document category: filled (with the count) or empty. */
export function DocumentTiles({ tiles, documents }: Props) {
  const counts = tileCounts(DOCUMENT_CATEGORIES, tiles, documents);
  return (
    <SimpleGrid cols={7} spacing="xs">
      {DOCUMENT_CATEGORIES.map((c) => {
        const n = counts[c] ?? 0;
        return (
          <Paper
            key={c}
            withBorder
            p="xs"
            bg={n > 0 ? 'teal.0' : undefined}
            data-testid={`doc-tile-${c}`}
            data-count={String(n)}
            data-filled={n > 0 ? 'true' : 'false'}
          >
            <Text size="sm" fw={600}>
              {categoryLabel(c)}
            </Text>
            <Text size="sm" c={n > 0 ? 'teal.9' : 'dimmed'}>
              {n > 0 ? `${n} on file` : 'Empty'}
            </Text>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
