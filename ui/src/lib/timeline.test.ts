import { describe, expect, it } from 'vitest';
import { eventWords, newestFirst, tabOf } from './timeline';
import type { TimelineEvent } from './types';

describe('timeline', () => {
  it('puts the newest first and events with an unreadable time last', () => {
    const events: TimelineEvent[] = [
      { at: '2026-11-20T00:00:00Z', kind: 'prescription_started', id: 'a', what: '', who: null },
      { at: '', kind: 'task_completed', id: 'b', what: '', who: null },
      { at: '2026-11-23T10:00:00Z', kind: 'vitals', id: 'c', what: '', who: null },
    ];
    expect(newestFirst(events).map((e) => e.id)).toEqual(['c', 'a', 'b']);
  });

  it('opens each kind of event on the tab that holds it', () => {
    expect(tabOf('administration')).toBe('medications');
    expect(tabOf('addendum')).toBe('notes');
    expect(tabOf('allergy_recorded')).toBe('summary');
    expect(tabOf('video_shared')).toBe('education');
  });

  it('says the kind in plain words', () => {
    expect(eventWords('note_signed')).toBe('Note signed');
    expect(eventWords('prescription_started')).toBe('Medication started');
  });
});
