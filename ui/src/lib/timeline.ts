import type { TimelineEvent, TimelineKind } from './types';

const KIND_WORDS: Record<TimelineKind, string> = {
  appointment: 'Appointment',
  note_signed: 'Note signed',
  prescription_started: 'Medication started',
  vitals: 'Vital signs recorded',
  administration: 'Medication dose recorded',
  allergy_recorded: 'Allergy recorded',
  problem_recorded: 'Problem recorded',
  task_created: 'Task added',
  task_completed: 'Task completed',
  video_shared: 'Education video shared',
  addendum: 'Addendum added',
};

/** The chart's tab where an event's item is, by the event's kind. */
const KIND_TABS: Record<TimelineKind, string> = {
  appointment: 'appointments',
  note_signed: 'notes',
  addendum: 'notes',
  prescription_started: 'medications',
  administration: 'medications',
  vitals: 'vitals',
  allergy_recorded: 'summary',
  problem_recorded: 'summary',
  task_created: 'tasks',
  task_completed: 'tasks',
  video_shared: 'education',
};

/** The tab that shows the item an event is about. */
export function tabOf(kind: TimelineKind): string {
  return KIND_TABS[kind];
}

/** What kind of event, in plain words. */
export function eventWords(kind: TimelineKind): string {
  return KIND_WORDS[kind];
}

/** Newest first; events whose time cannot be read go last. */
export function newestFirst(events: TimelineEvent[]): TimelineEvent[] {
  const time = (e: TimelineEvent) => {
    const t = new Date(e.at).getTime();
    return Number.isNaN(t) ? -Infinity : t;
  };
  return [...events].sort((a, b) => time(b) - time(a));
}
