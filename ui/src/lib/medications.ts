import { activeAllergies } from './allergies';
import { isIsoDate } from './format';
import type { Administration, Allergy, DoseState, Entry, MedicationRoute, NewPrescription, Schedule } from './types';

export const ROUTES: { value: MedicationRoute; label: string }[] = [
  { value: 'oral', label: 'Oral' },
  { value: 'IV', label: 'IV' },
  { value: 'IM', label: 'IM' },
  { value: 'SC', label: 'SC' },
  { value: 'topical', label: 'Topical' },
  { value: 'inhaled', label: 'Inhaled' },
];

export const OUTCOME_WORDS: Record<string, string> = {
  given: 'Given',
  held: 'Held',
  refused: 'Refused',
  entered_in_error: 'Entered in error',
};

/** A dose on the record, with the entry that marked it entered in error, if any. */
export interface MarLine {
  dose: Entry<Administration>;
  inError: Entry<Administration> | null;
}

/** One order's record as read: its doses newest first, each with its correction; corrections are not lines. */
export function marLines(administrations: Entry<Administration>[], prescriptionId: string): MarLine[] {
  const mine = marFor(administrations, prescriptionId);
  return mine
    .filter((d) => d.outcome !== 'entered_in_error')
    .map((dose) => ({ dose, inError: mine.find((c) => c.corrects === dose.record_id) ?? null }));
}

export const ORDER_STATUS_COLORS: Record<string, string> = { active: 'teal', stopped: 'red', completed: 'gray' };

/** Lower-case words of at least four letters. */
function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 4));
}

/** Active allergies sharing a word (case-insensitive, four letters or more) with the drug's name. */
export function allergyWarnings<T extends Allergy>(allergies: T[], drug: string): T[] {
  const drugWords = words(drug);
  if (drugWords.size === 0) return [];
  return activeAllergies(allergies).filter((a) => [...words(a.substance)].some((w) => drugWords.has(w)));
}

/** The administration record of one order, newest first. */
export function marFor(
  administrations: Entry<Administration>[],
  prescriptionId: string,
): Entry<Administration>[] {
  return administrations
    .filter((a) => a.prescription_id === prescriptionId)
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Today's date in local time as YYYY-MM-DD. */
export function todayLocal(now: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

/** How the new-order form times the doses. */
export type TimingChoice = 'times' | 'every' | 'once' | 'as_needed' | 'words';

export const TIMING_CHOICES: { value: TimingChoice; label: string }[] = [
  { value: 'times', label: 'At set times' },
  { value: 'every', label: 'Every N hours' },
  { value: 'once', label: 'Once' },
  { value: 'as_needed', label: 'As needed (PRN)' },
  { value: 'words', label: 'In words only (nothing falls due)' },
];

export interface OrderForm {
  drug: string;
  dose: string;
  route: MedicationRoute;
  timing: TimingChoice;
  /** Times of day, e.g. "08:00, 20:00". */
  times: string;
  /** Hours between doses (every N hours), or the minimum interval (as needed). */
  hours: string;
  /** The first dose's time of day (every N hours). */
  first: string;
  /** The moment of a single dose, as a datetime-local field holds it. */
  once: string;
  /** As needed: the most doses in 24 hours (optional). */
  maxPerDay: string;
  /** The frequency in words (optional when the doses are timed). */
  frequency: string;
  start: string;
  end: string;
  /** How many doses the course is (optional). */
  doses: string;
}

type Built<T> = { ok: true; value: T } | { ok: false; message: string };

/** "8:00" or "08:00" as "08:00"; null when it is not a time of day. */
export function timeOfDay(text: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** A whole number in `min..=max`, or null. */
function wholeIn(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/** The form's timing as the order's schedule (null for an order in words only). */
export function buildSchedule(form: OrderForm): Built<Schedule | null> {
  const hours = form.hours.trim();
  switch (form.timing) {
    case 'words':
      return { ok: true, value: null };
    case 'times': {
      const parts = form.times.split(/[\s,;]+/).filter(Boolean);
      const times = parts.map(timeOfDay);
      if (parts.length === 0 || times.some((t) => t === null))
        return { ok: false, message: 'Give the times of day as HH:MM, e.g. 08:00, 20:00.' };
      const sorted = [...new Set(times as string[])].sort();
      return { ok: true, value: { timing: 'times_of_day', at: sorted, hours: null, max_per_day: null } };
    }
    case 'every': {
      const every = wholeIn(hours, 1, 168);
      const first = timeOfDay(form.first);
      if (every === null) return { ok: false, message: 'Give the hours between doses (1 to 168).' };
      if (first === null) return { ok: false, message: 'Give the time of the first dose as HH:MM.' };
      return { ok: true, value: { timing: 'every_hours', at: [first], hours: every, max_per_day: null } };
    }
    case 'once':
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.once))
        return { ok: false, message: 'Give the date and time of the dose.' };
      return { ok: true, value: { timing: 'once', at: [form.once], hours: null, max_per_day: null } };
    case 'as_needed': {
      const interval = wholeIn(hours, 1, 72);
      if (interval === null) return { ok: false, message: 'Give the minimum hours between doses (1 to 72).' };
      const max = form.maxPerDay.trim();
      const perDay = max ? wholeIn(max, 1, 24) : null;
      if (max && perDay === null) return { ok: false, message: 'The daily maximum must be 1 to 24 doses, or left blank.' };
      return { ok: true, value: { timing: 'as_needed', at: [], hours: interval, max_per_day: perDay } };
    }
  }
}

/** A schedule in words, as a drug chart writes it (the same words the workstation uses). */
export function describeSchedule(s: Schedule): string {
  switch (s.timing) {
    case 'times_of_day':
      return s.at.join(', ');
    case 'every_hours':
      return `every ${s.hours} h from ${s.at[0]}`;
    case 'once':
      return `once at ${s.at[0]?.replace('T', ' ')}`;
    case 'as_needed':
      return `as needed, ${s.hours} h apart${s.max_per_day ? `, at most ${s.max_per_day} a day` : ''}`;
  }
}

/** Checks the new-order form and builds what `prescribe` expects. */
export function buildPrescription(
  form: OrderForm,
): { ok: true; prescription: NewPrescription } | { ok: false; message: string } {
  const drug = form.drug.trim();
  const dose = form.dose.trim();
  const frequency = form.frequency.trim();
  const start = form.start.trim();
  const end = form.end.trim();
  const doses = form.doses.trim();
  if (!drug) return { ok: false, message: 'Name the drug.' };
  if (!dose) return { ok: false, message: 'Give the dose, with its unit.' };
  const schedule = buildSchedule(form);
  if (!schedule.ok) return schedule;
  if (!schedule.value && !frequency) return { ok: false, message: 'Give the frequency in words, e.g. 8-hourly.' };
  if (!isIsoDate(start)) return { ok: false, message: 'Start date must be YYYY-MM-DD.' };
  if (end && !isIsoDate(end)) return { ok: false, message: 'End date must be YYYY-MM-DD, or left blank.' };
  if (end && end < start) return { ok: false, message: 'End date cannot be before the start date.' };
  const count = doses ? wholeIn(doses, 1, 1000) : null;
  if (doses && count === null) return { ok: false, message: 'The number of doses must be 1 to 1000, or left blank.' };
  return {
    ok: true,
    prescription: {
      drug,
      dose,
      route: form.route,
      frequency: frequency || (schedule.value ? describeSchedule(schedule.value) : ''),
      start,
      end: end || null,
      schedule: schedule.value,
      doses: count,
    },
  };
}

/** How each scheduled dose's state reads and looks. */
export const DOSE_STATES: Record<DoseState, { word: string; color: string }> = {
  given: { word: 'Given', color: 'teal' },
  held: { word: 'Held', color: 'yellow' },
  refused: { word: 'Refused', color: 'orange' },
  due: { word: 'Due', color: 'blue' },
  overdue: { word: 'Overdue', color: 'red' },
  upcoming: { word: 'Later', color: 'gray' },
};

/** How late a dose due at `dueAt` is at `now`: "25 min", "2 h 10 min", "over a day". */
export function lateBy(dueAt: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt)) / 60_000));
  if (minutes >= 24 * 60) return 'over a day';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** True for a dose still to give (due or overdue). */
export function toGive(state: DoseState): boolean {
  return state === 'due' || state === 'overdue';
}

/**
 * An as-needed order's next dose: when the last was given and from when the next is allowed (by its minimum
 * interval), or null when none was given.
 */
export function nextAsNeeded(
  schedule: Schedule,
  doses: MarLine[],
): { last: string; nextFrom: string } | null {
  const given = doses.filter((l) => !l.inError && l.dose.outcome === 'given').map((l) => l.dose.at);
  if (schedule.timing !== 'as_needed' || given.length === 0) return null;
  const last = given.reduce((a, b) => (Date.parse(a) > Date.parse(b) ? a : b));
  const nextFrom = new Date(Date.parse(last) + (schedule.hours ?? 0) * 3_600_000).toISOString();
  return { last, nextFrom };
}
