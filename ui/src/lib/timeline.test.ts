import { describe, expect, it } from 'vitest';
import { eventWords, newestFirst } from './timeline';

describe('timeline', () => {
  it('puts the newest first and events with an unreadable time last', () => {
    const events = [
      { at: '2026-11-20T00:00:00Z', kind: 'prescription_started', id: 'a' },
      { at: '', kind: 'task_completed', id: 'b' },
      { at: '2026-11-23T10:00:00Z', kind: 'vitals', id: 'c' },
    ];
    expect(newestFirst(events).map((e) => e.id)).toEqual(['c', 'a', 'b']);
  });

  it('says the kind in plain words', () => {
    expect(eventWords('note_signed')).toBe('Note signed');
    expect(eventWords('something_new')).toBe('Something new');
  });
});
