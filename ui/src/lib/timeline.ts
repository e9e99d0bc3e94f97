import { humanize } from './format';
import type { TimelineEvent } from './types';

const KIND_WORDS: Record<string, string> = {
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

/** What kind of event, in plain words. */
export function eventWords(kind: string): string {
  return KIND_WORDS[kind] ?? humanize(kind);
}

/** Newest first; events without a time go last. */
export function newestFirst(events: TimelineEvent[]): TimelineEvent[] {
  const time = (e: TimelineEvent) => {
    const t = e.at ? new Date(e.at).getTime() : NaN;
    return Number.isNaN(t) ? -Infinity : t;
  };
  return [...events].sort((a, b) => time(b) - time(a));
}

/** Any further non-empty string fields as one line, e.g. "Drug: Paracetamol · Outcome: given". */
export function eventSummary(event: TimelineEvent): string {
  return Object.entries(event)
    .filter(([key, value]) => !['at', 'kind', 'id'].includes(key) && typeof value === 'string' && value.trim() !== '')
    .map(([key, value]) => `${humanize(key)}: ${String(value)}`)
    .join(' · ');
}
