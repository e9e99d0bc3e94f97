import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { TimelineTab } from './TimelineTab';
import { mockCommands, renderUI } from '../test/render';
import type { TimelineEvent } from '../lib/types';

const events: TimelineEvent[] = [
  { at: '2026-11-20T00:00:00Z', kind: 'prescription_started', id: 'rx-1', what: 'Paracetamol 1 g oral every 6 hours', who: 'Dr Adams' },
  { at: '2026-11-23T10:00:00Z', kind: 'administration', id: 'adm-1', what: 'given Paracetamol 1 g oral', who: 'Nurse Bello' },
  { at: '2026-11-23T11:00:00Z', kind: 'vitals', id: 'v-1', what: 'NEWS2 14 · RR 27 · SpO₂ 89 %', who: 'Nurse Bello' },
];

describe('TimelineTab', () => {
  it('lists events newest first: when, what kind, what it was and who', async () => {
    mockCommands({ timeline: () => events });
    renderUI(<TimelineTab patientId="p1" onOpen={() => {}} />);
    const items = await screen.findAllByTestId('timeline-item');
    expect(items.map((i) => i.dataset.kind)).toEqual(['vitals', 'administration', 'prescription_started']);
    expect(items[0]).toHaveTextContent('Vital signs recorded');
    expect(items[0]).toHaveTextContent('NEWS2 14 · RR 27 · SpO₂ 89 %');
    expect(items[1]).toHaveTextContent('Medication dose recorded');
    expect(items[1]).toHaveTextContent('given Paracetamol 1 g oral');
    expect(items[1]).toHaveTextContent('Nurse Bello');
    expect(items[2]).toHaveTextContent('Dr Adams');
  });

  it('opens the tab that holds the item', async () => {
    mockCommands({ timeline: () => events });
    const opened: string[] = [];
    const { user } = renderUI(<TimelineTab patientId="p1" onOpen={(tab) => opened.push(tab)} />);
    const items = await screen.findAllByTestId('timeline-item');
    await user.click(items[0]);
    await user.click(items[2]);
    expect(opened).toEqual(['vitals', 'medications']);
  });
});
