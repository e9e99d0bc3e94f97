import { describe, expect, it } from 'vitest';
import { eventSummary, eventWords, newestFirst } from './timeline';

describe('timeline', () => {
  it('puts the newest first and undated events last', () => {
    const events = [
      { at: '2026-11-20T00:00:00Z', kind: 'prescription_started', id: 'a' },
      { at: null, kind: 'task_completed', id: 'b' },
      { at: '2026-11-23T10:00:00Z', kind: 'vitals', id: 'c' },
    ];
    expect(newestFirst(events).map((e) => e.id)).toEqual(['c', 'a', 'b']);
  });

  it('says the kind in plain words and summarises extra text fields', () => {
    expect(eventWords('note_signed')).toBe('Note signed');
    expect(eventWords('something_new')).toBe('Something new');
    expect(eventSummary({ at: 'x', kind: 'administration', id: '1', drug: 'Paracetamol', count: 2, by: 'Nurse N' })).toBe(
      'Drug: Paracetamol · By: Nurse N',
    );
  });
});
