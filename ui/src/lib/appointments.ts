import { isIsoDate } from './format';
import type { AppointmentKind, NewAppointment } from './types';

export const APPOINTMENT_KINDS: { value: AppointmentKind; label: string }[] = [
  { value: 'appointment', label: 'Appointment' },
  { value: 'procedure', label: 'Procedure' },
];

/** A local date (YYYY-MM-DD) and time (HH:MM) as RFC 3339 in UTC, e.g. 2026-11-24T10:00:00Z; null if invalid. */
export function localToUtc(date: string, time: string): string | null {
  if (!isIsoDate(date)) return null;
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!t) return null;
  const [y, m, d] = date.split('-').map(Number);
  const when = new Date(y, m - 1, d, Number(t[1]), Number(t[2]));
  if (Number.isNaN(when.getTime())) return null;
  return when.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface AppointmentForm {
  title: string;
  kind: AppointmentKind;
  date: string;
  time: string;
  duration: string;
  location: string;
}

/** Checks the booking form and builds what `schedule_appointment` expects. */
export function buildAppointment(
  form: AppointmentForm,
): { ok: true; appointment: NewAppointment } | { ok: false; message: string } {
  const title = form.title.trim();
  if (!title) return { ok: false, message: 'Say what the appointment is for.' };
  if (!isIsoDate(form.date.trim())) return { ok: false, message: 'Date must be YYYY-MM-DD.' };
  const startsAt = localToUtc(form.date.trim(), form.time);
  if (!startsAt) return { ok: false, message: 'Time must be HH:MM (24-hour).' };
  const duration = Number(form.duration.trim());
  if (!/^\d+$/.test(form.duration.trim()) || duration <= 0) {
    return { ok: false, message: 'Duration must be a whole number of minutes.' };
  }
  const location = form.location.trim();
  return {
    ok: true,
    appointment: { title, starts_at: startsAt, duration_minutes: duration, location: location || null, kind: form.kind },
  };
}
