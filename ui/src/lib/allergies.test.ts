import { describe, expect, it } from 'vitest';
import { allergyBanner } from './allergies';
import type { Allergy } from './types';

const a = (substance: string, severity: string, status = 'active'): Allergy => ({
  substance,
  reaction: null,
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
      text: 'No known allergies',
    });
    expect(allergyBanner([]).text).toBe('No known allergies');
  });
});
