import { describe, expect, it } from 'vitest';
import { allergiesInOrder, allergyBanner, buildAllergy, severityLabel } from './allergies';
import type { Allergy, AllergyStatus, Severity } from './types';

const a = (substance: string, severity: Severity, status: AllergyStatus = 'active'): Allergy => ({
  substance,
  reaction: '',
  severity,
  status,
  recorded_by: 'Dr A',
  recorded_at: '2026-01-01T00:00:00Z',
});

describe('allergyBanner', () => {
  it('lists active allergies with their severity', () => {
    expect(allergyBanner([a('Penicillin', 'severe'), a('Latex', 'mild'), a('Codeine', 'life_threatening')])).toEqual({
      alert: true,
      text: 'Allergies: Penicillin (severe), Latex, Codeine (life-threatening)',
    });
  });

  it('ignores inactive and entered-in-error entries', () => {
    expect(allergyBanner([a('Aspirin', 'moderate', 'inactive'), a('Iodine', 'severe', 'entered_in_error')])).toEqual({
      alert: false,
      text: 'No active allergies',
    });
  });

  it('never claims "no known allergies" when nothing was recorded', () => {
    expect(allergyBanner([])).toEqual({ alert: false, text: 'No allergies recorded' });
    expect(allergyBanner([a('Iodine', 'severe', 'entered_in_error')]).text).toBe('No allergies recorded');
  });
});

describe('allergiesInOrder', () => {
  it('puts active allergies first and those entered in error last', () => {
    const list = [
      a('Latex', 'mild', 'entered_in_error'),
      a('Aspirin', 'moderate', 'inactive'),
      a('Penicillin', 'severe'),
    ];
    expect(allergiesInOrder(list).map((x) => x.substance)).toEqual(['Penicillin', 'Aspirin', 'Latex']);
  });
});

describe('severityLabel', () => {
  it('names each severity in words', () => {
    expect(severityLabel('life_threatening')).toBe('Life-threatening');
    expect(severityLabel('mild')).toBe('Mild');
    expect(severityLabel('unheard_of')).toBe('unheard_of');
  });
});

describe('buildAllergy', () => {
  const form = { substance: ' Penicillin ', reaction: ' Urticaria', severity: 'severe' as const };

  it('trims what was typed', () => {
    expect(buildAllergy(form)).toEqual({
      ok: true,
      allergy: { substance: 'Penicillin', reaction: 'Urticaria', severity: 'severe' },
    });
  });

  it('requires the substance, the reaction and a chosen severity', () => {
    expect(buildAllergy({ ...form, substance: '  ' })).toEqual({
      ok: false,
      message: 'Name the substance the patient is allergic to.',
    });
    expect(buildAllergy({ ...form, reaction: '' })).toEqual({
      ok: false,
      message: 'Describe the reaction, e.g. rash or wheeze.',
    });
    expect(buildAllergy({ ...form, severity: '' })).toEqual({
      ok: false,
      message: 'Choose how severe the reaction is.',
    });
  });

  it('refuses a substance or reaction longer than the workstation keeps', () => {
    expect(buildAllergy({ ...form, substance: 'x'.repeat(200) }).ok).toBe(true);
    expect(buildAllergy({ ...form, substance: 'x'.repeat(201) })).toEqual({
      ok: false,
      message: 'Keep the substance to 200 characters or fewer.',
    });
    expect(buildAllergy({ ...form, reaction: 'x'.repeat(201) }).ok).toBe(false);
  });
});
