import { describe, expect, it } from 'vitest';
import { allergyWarnings, buildPrescription, marFor, todayLocal } from './medications';
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
  it('keeps one order’s doses, newest first', () => {
    const dose = (id: string, rx: string, at: string): Entry<Administration> => ({
      record_id: id,
      prescription_id: rx,
      outcome: 'given',
      by: 'Nurse N',
      at,
      note: null,
      corrects: null,
    });
    const mar = marFor(
      [dose('a', 'rx1', '2026-11-23T08:00:00Z'), dose('b', 'rx2', '2026-11-23T09:00:00Z'), dose('c', 'rx1', '2026-11-23T16:00:00Z')],
      'rx1',
    );
    expect(mar.map((d) => d.record_id)).toEqual(['c', 'a']);
  });
});

describe('buildPrescription', () => {
  const form = { drug: ' Paracetamol ', dose: '1 g', route: 'oral' as const, frequency: '6-hourly', start: '2026-11-23', end: '' };

  it('trims and sends an open-ended order as end null', () => {
    expect(buildPrescription(form)).toEqual({
      ok: true,
      prescription: { drug: 'Paracetamol', dose: '1 g', route: 'oral', frequency: '6-hourly', start: '2026-11-23', end: null },
    });
  });

  it('refuses missing fields and impossible dates', () => {
    expect(buildPrescription({ ...form, drug: ' ' })).toEqual({ ok: false, message: 'Name the drug.' });
    expect(buildPrescription({ ...form, start: '23/11/2026' }).ok).toBe(false);
    expect(buildPrescription({ ...form, end: '2026-11-01' })).toEqual({
      ok: false,
      message: 'End date cannot be before the start date.',
    });
  });

  it('knows today in local time', () => {
    expect(todayLocal(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
