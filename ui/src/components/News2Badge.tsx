import { Badge, Tooltip } from '@mantine/core';
import { BAND_COLOR, BAND_RESPONSE, PARAMETER_LABEL } from '../lib/news2';
import type { News2 } from '../lib/types';

/** The score, coloured by its band; an incomplete set says so. The tooltip lists each
 * parameter's points. */
export function News2Badge({ score, size = 'md' }: { score: News2 | null; size?: 'sm' | 'md' | 'lg' }) {
  if (!score) return null;
  const parts = score.contributions.map((c) => `${PARAMETER_LABEL[c.parameter]} ${c.points}`).join(' · ');
  const label = score.complete ? `NEWS2 ${score.total}` : `NEWS2 ≥${score.total} incomplete`;
  return (
    <Tooltip label={`${BAND_RESPONSE[score.band]}. ${parts}`} multiline w={320} withArrow>
      <Badge
        size={size}
        color={BAND_COLOR[score.band]}
        variant={score.band === 'low' ? 'light' : 'filled'}
        autoContrast
        data-testid="news2-badge"
        data-band={score.band}
        style={{ whiteSpace: 'nowrap' }}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
