import { describe, expect, it } from 'vitest';
import { buildAppointment, localToUtc } from './appointments';

const utc = (y: number, m: number, d: number, hh: number, mm: number) =>
  new Date(y, m - 1, d, hh, mm).toISOString().replace('.000Z', 'Z');

describe('localToUtc', () => {
  it('turns a local date and time into RFC 3339 UTC', () => {
    expect(localToUtc('2026-11-24', '10:00')).toBe(utc(2026, 11, 24, 10, 0));
    expect(localToUtc('2026-07-01', '23:45')).toBe(utc(2026, 7, 1, 23, 45));
    expect(localToUtc('2026-11-24', '10:00')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
  });

  it('refuses what is not a date or a 24-hour time', () => {
    expect(localToUtc('2026-02-30', '10:00')).toBeNull();
    expect(localToUtc('24/11/2026', '10:00')).toBeNull();
    expect(localToUtc('2026-11-24', '25:00')).toBeNull();
    expect(localToUtc('2026-11-24', '10am')).toBeNull();
  });
});

describe('buildAppointment', () => {
  const form = { title: 'Clinic review', kind: 'appointment' as const, date: '2026-11-24', time: '09:30', duration: '30', location: '' };

  it('builds the payload with location null when blank', () => {
    expect(buildAppointment(form)).toEqual({
      ok: true,
      appointment: {
        title: 'Clinic review',
        starts_at: utc(2026, 11, 24, 9, 30),
        duration_minutes: 30,
        location: null,
        kind: 'appointment',
      },
    });
  });

  it('refuses a missing title or a duration that is not whole minutes', () => {
    expect(buildAppointment({ ...form, title: '' }).ok).toBe(false);
    expect(buildAppointment({ ...form, duration: '0' }).ok).toBe(false);
    expect(buildAppointment({ ...form, duration: '1.5' }).ok).toBe(false);
  });
});
