import { activeAllergies } from './allergies';
import { isIsoDate } from './format';
import type { Administration, Allergy, Entry, MedicationRoute, NewPrescription } from './types';

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
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** Today's date in local time as YYYY-MM-DD. */
export function todayLocal(now: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

export interface OrderForm {
  drug: string;
  dose: string;
  route: MedicationRoute;
  frequency: string;
  start: string;
  end: string;
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
  if (!drug) return { ok: false, message: 'Name the drug.' };
  if (!dose) return { ok: false, message: 'Give the dose, with its unit.' };
  if (!frequency) return { ok: false, message: 'Give the frequency, e.g. 8-hourly.' };
  if (!isIsoDate(start)) return { ok: false, message: 'Start date must be YYYY-MM-DD.' };
  if (end && !isIsoDate(end)) return { ok: false, message: 'End date must be YYYY-MM-DD, or left blank.' };
  if (end && end < start) return { ok: false, message: 'End date cannot be before the start date.' };
  return { ok: true, prescription: { drug, dose, route: form.route, frequency, start, end: end || null } };
}
