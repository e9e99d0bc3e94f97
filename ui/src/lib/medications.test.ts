import { describe, expect, it } from 'vitest';
import { allergyWarnings, buildPrescription, lateBy, marFor, todayLocal, type OrderForm } from './medications';
import type { Administration, Allergy, AllergyStatus, Entry } from './types';

const allergy = (substance: string, status: AllergyStatus = 'active'): Allergy => ({
  substance,
  reaction: '',
  severity: 'severe',
  status,
  recorded_by: 'Dr A',
  recorded_at: '2026-01-01T00:00:00Z',
});

describe('allergyWarnings', () => {
  it('names an active allergy sharing a word with the drug, whatever the case', () => {
    const found = allergyWarnings([allergy('Penicillin'), allergy('Latex')], 'benzylPENICILLIN penicillin G');
    expect(found.map((a) => a.substance)).toEqual(['Penicillin']);
    expect(allergyWarnings([allergy('Sulfa drugs')], 'Co-trimoxazole (sulfa)').map((a) => a.substance)).toEqual([
      'Sulfa drugs',
    ]);
  });

  it('finds nothing when no word of four letters or more is shared', () => {
    expect(allergyWarnings([allergy('Penicillin')], 'Paracetamol')).toEqual([]);
    // "iv" and "oral" style short words do not count
    expect(allergyWarnings([allergy('Egg')], 'Egg lecithin')).toEqual([]);
    expect(allergyWarnings([allergy('Penicillin')], '')).toEqual([]);
  });

  it('ignores inactive and entered-in-error allergies', () => {
    expect(allergyWarnings([allergy('Morphine', 'inactive'), allergy('Morphine', 'entered_in_error')], 'Morphine')).toEqual(
      [],
    );
  });
});

describe('marFor', () => {
  const dose = (id: string, rx: string, at: string): Entry<Administration> => ({
    record_id: id,
    prescription_id: rx,
    outcome: 'given',
    by: 'Nurse N',
    at,
    note: null,
    corrects: null,
    override_reason: null,
  });

  it('keeps one order’s doses, newest first', () => {
    const mar = marFor(
      [dose('a', 'rx1', '2026-11-23T08:00:00Z'), dose('b', 'rx2', '2026-11-23T09:00:00Z'), dose('c', 'rx1', '2026-11-23T16:00:00Z')],
      'rx1',
    );
    expect(mar.map((d) => d.record_id)).toEqual(['c', 'a']);
  });

  it('orders by time whatever digits the times have', () => {
    const mar = marFor([dose('minute', 'rx1', '2026-11-23T08:00:00Z'), dose('later', 'rx1', '2026-11-23T08:00:00.5Z')], 'rx1');
    expect(mar.map((d) => d.record_id)).toEqual(['later', 'minute']);
  });
});

describe('buildPrescription', () => {
  const form: OrderForm = {
    drug: ' Paracetamol ',
    dose: '1 g',
    route: 'oral',
    timing: 'words',
    times: '',
    hours: '',
    first: '',
    once: '',
    maxPerDay: '',
    frequency: '6-hourly',
    start: '2026-11-23',
    end: '',
    doses: '',
  };

  it('trims and sends an open-ended order in words as end null, with no schedule', () => {
    expect(buildPrescription(form)).toEqual({
      ok: true,
      prescription: {
        drug: 'Paracetamol',
        dose: '1 g',
        route: 'oral',
        frequency: '6-hourly',
        start: '2026-11-23',
        end: null,
        schedule: null,
        doses: null,
      },
    });
  });

  it('refuses missing fields and impossible dates', () => {
    expect(buildPrescription({ ...form, drug: ' ' })).toEqual({ ok: false, message: 'Name the drug.' });
    expect(buildPrescription({ ...form, start: '23/11/2026' }).ok).toBe(false);
    expect(buildPrescription({ ...form, end: '2026-11-01' })).toEqual({
      ok: false,
      message: 'End date cannot be before the start date.',
    });
    expect(buildPrescription({ ...form, frequency: '' }).ok).toBe(false);
    expect(buildPrescription({ ...form, doses: '0' }).ok).toBe(false);
  });

  it('times doses at set times, every N hours, once or as needed, in the words the workstation uses', () => {
    const timed = (over: Partial<OrderForm>) => {
      const built = buildPrescription({ ...form, frequency: '', ...over });
      return built.ok ? built.prescription : built.message;
    };
    expect(timed({ timing: 'times', times: '20:00, 8:00', doses: '6' })).toMatchObject({
      frequency: '08:00, 20:00',
      schedule: { timing: 'times_of_day', at: ['08:00', '20:00'], hours: null, max_per_day: null },
      doses: 6,
    });
    expect(timed({ timing: 'every', hours: '8', first: '06:00' })).toMatchObject({
      frequency: 'every 8 h from 06:00',
      schedule: { timing: 'every_hours', at: ['06:00'], hours: 8 },
    });
    expect(timed({ timing: 'once', once: '2026-11-23T14:30' })).toMatchObject({
      frequency: 'once at 2026-11-23 14:30',
    });
    expect(timed({ timing: 'as_needed', hours: '4', maxPerDay: '4' })).toMatchObject({
      frequency: 'as needed, 4 h apart, at most 4 a day',
      schedule: { timing: 'as_needed', at: [], hours: 4, max_per_day: 4 },
    });
    expect(timed({ timing: 'times', times: '24:00' })).toBe('Give the times of day as HH:MM, e.g. 08:00, 20:00.');
    expect(timed({ timing: 'every', hours: '0', first: '06:00' })).toBe('Give the hours between doses (1 to 168).');
    expect(timed({ timing: 'as_needed', hours: '' })).toBe('Give the minimum hours between doses (1 to 72).');
    // Words given by the prescriber are kept beside the schedule.
    expect(timed({ timing: 'times', times: '08:00', frequency: 'mane' })).toMatchObject({ frequency: 'mane' });
  });

  it('knows today in local time', () => {
    expect(todayLocal(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('lateBy', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  it('says how late an overdue dose is, in minutes, then hours', () => {
    expect(lateBy('2026-12-06T09:35:00Z', now)).toBe('25 min');
    expect(lateBy('2026-12-06T08:00:00Z', now)).toBe('2 h');
    expect(lateBy('2026-12-06T07:50:00Z', now)).toBe('2 h 10 min');
    expect(lateBy('2026-12-05T09:00:00Z', now)).toBe('over a day');
  });
});
