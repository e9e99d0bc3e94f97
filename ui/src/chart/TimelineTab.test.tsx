import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { TimelineTab } from './TimelineTab';
import { mockCommands, renderUI } from '../test/render';
import type { TimelineEvent } from '../lib/types';

describe('TimelineTab', () => {
  it('lists events newest first in plain words', async () => {
    mockCommands({
      timeline: (): TimelineEvent[] => [
        { at: '2026-11-20T00:00:00Z', kind: 'prescription_started', id: 'rx-1' },
        { at: '2026-11-23T10:00:00Z', kind: 'administration', id: 'adm-1' },
      ],
    });
    renderUI(<TimelineTab patientId="p1" />);
    const items = await screen.findAllByTestId('timeline-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['administration', 'prescription_started']);
    expect(items[0]).toHaveTextContent('Medication dose recorded');
    expect(items[1]).toHaveTextContent('Medication started');
  });
});
