import { describe, expect, it } from 'vitest';
import { fieldLabel, valueText } from './inbox';

describe('fieldLabel', () => {
  it('names the registration fields in the clinic’s words', () => {
    expect(fieldLabel('demographics/phone')).toBe('Phone');
    expect(fieldLabel('demographics/birth_date')).toBe('Birth date');
    expect(fieldLabel('admission/bed')).toBe('Bed');
    expect(fieldLabel('admission/pathway')).toBe('Surgical stage');
  });

  it('names a field of a record after the record', () => {
    expect(fieldLabel('tasks/0192f0c2-aaaa/status')).toBe('Task status');
    expect(fieldLabel('appointments/0192f0c2-bbbb/starts_at')).toBe('Appointment starts at');
  });

  it('falls back to the last segment with underscores as spaces', () => {
    expect(fieldLabel('demographics/next_of_kin')).toBe('Next of kin');
    expect(fieldLabel('preferred_language')).toBe('Preferred language');
    expect(fieldLabel('vitals/0192/spo2_pct')).toBe('Spo2 pct');
  });
});

describe('valueText', () => {
  it('shows each kind of value', () => {
    expect(valueText('+44 20 7946 0000')).toBe('+44 20 7946 0000');
    expect(valueText(72)).toBe('72');
    expect(valueText(37.5)).toBe('37.5');
    expect(valueText(true)).toBe('yes');
    expect(valueText(false)).toBe('no');
  });

  it('shows no value as "(empty)"', () => {
    expect(valueText(null)).toBe('(empty)');
    expect(valueText('')).toBe('(empty)');
  });
});
