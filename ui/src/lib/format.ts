import type { PatientSummary } from './types';

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "HH:MM" in local time; the input unchanged when it is not a date. */
export function clockTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** "YYYY-MM-DD HH:MM" in local time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** `d` as a datetime-local field holds it: "YYYY-MM-DDTHH:MM" in local time. */
export function localInput(d: Date = new Date()): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The instant a datetime-local value names (RFC 3339, UTC), or null when it names none. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('.000Z', 'Z');
}

/**
 * Checks when a measurement was taken or a dose given, as the workstation does: not in the future (5 minutes'
 * grace for clocks) and not more than a day ago. Returns the instant or why not.
 */
export function checkTakenAt(value: string, now: Date = new Date()): { ok: true; at: string } | { ok: false; message: string } {
  // The minute it is now is now, to the millisecond: a set charted as it is taken then comes after a colleague's
  // taken a few seconds before, not at the top of the minute before it.
  if (value === localInput(now)) return { ok: true, at: now.toISOString() };
  const at = fromLocalInput(value);
  if (!at) return { ok: false, message: 'Enter the date and time, e.g. 2026-12-06 03:00.' };
  const t = Date.parse(at);
  if (t > now.getTime() + 5 * 60_000) return { ok: false, message: 'That time is in the future.' };
  if (t < now.getTime() - 24 * 3_600_000) return { ok: false, message: 'That time is more than a day ago.' };
  return { ok: true, at };
}

/** "1 allergy", "2 allergies": a count with its noun. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Age as a ward says it: "54 y" from two years on, "18 mo" for infants, "12 d" in the first month; empty when the
 * birth date is not a date.
 */
export function age(birthDate: string, now: Date = new Date()): string {
  if (!isIsoDate(birthDate)) return '';
  const [y, m, d] = birthDate.split('-').map(Number);
  let months = (now.getFullYear() - y) * 12 + (now.getMonth() + 1 - m);
  if (now.getDate() < d) months -= 1;
  if (months < 0) return '';
  if (months >= 24) return `${Math.floor(months / 12)} y`;
  if (months >= 1) return `${months} mo`;
  const days = Math.floor((now.getTime() - new Date(y, m - 1, d).getTime()) / 86_400_000);
  return `${Math.max(days, 0)} d`;
}

export function fullName(p: Pick<PatientSummary, 'given_name' | 'family_name'>): string {
  return `${p.family_name.toUpperCase()}, ${p.given_name}`;
}

const PATHWAY_LABELS: Record<string, string> = {
  pre_op: 'Pre-op',
  intra_op: 'In theatre',
  post_op: 'Post-op',
  discharge: 'Being discharged',
};

export function pathwayLabel(pathway: string | null | undefined): string | null {
  if (!pathway) return null;
  return PATHWAY_LABELS[pathway] ?? pathway;
}

const CATEGORY_LABELS: Record<string, string> = {
  preop: 'Pre-op',
  lab: 'Lab results',
  radiology: 'Radiology',
  intraop: 'Intra-op',
  ot_notes: 'OT notes',
  postop: 'Post-op',
  discharge: 'Discharge',
};

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category;
}

export function humanize(word: string): string {
  const s = word.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
