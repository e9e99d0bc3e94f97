import { describe, expect, it } from 'vitest';
import { buildNewPatient, isProvisional } from './patients';

const form = { given: ' Ada ', family: 'Lovelace', birth: '1985-12-10', sex: 'female', phone: '', address: '', ward: 'DEMO-1', bed: '' };

describe('buildNewPatient', () => {
  it('trims and turns blanks into null', () => {
    const r = buildNewPatient(form);
    expect(r).toEqual({
      ok: true,
      patient: { mrn: null, given_name: 'Ada', family_name: 'Lovelace', birth_date: '1985-12-10', sex: 'female', phone: null, address: null, ward: 'DEMO-1', bed: null },
    });
  });

  it('refuses a birth date that is not YYYY-MM-DD or not a real day', () => {
    expect(buildNewPatient({ ...form, birth: '10/12/1985' }).ok).toBe(false);
    expect(buildNewPatient({ ...form, birth: '1985-02-30' }).ok).toBe(false);
  });

  it('requires names and a ward', () => {
    expect(buildNewPatient({ ...form, given: ' ' })).toEqual({ ok: false, message: 'Enter the given name.' });
    expect(buildNewPatient({ ...form, ward: '' })).toEqual({ ok: false, message: 'Enter the ward.' });
  });
});

describe('isProvisional', () => {
  it('marks only numbers given offline', () => {
    expect(isProvisional('TMP-0a1b2c3d4e')).toBe(true);
    expect(isProvisional('MRN0001000')).toBe(false);
    expect(isProvisional(null)).toBe(false);
  });
});
