import { describe, expect, it } from 'vitest';
import { buildDetailsEdit, buildNewPatient, detailsForm, isProvisional, pathwayOptions, patientToOpen, scannedMrn } from './patients';
import { okafor } from '../test/fixtures';
import { age, plural } from './format';
import type { PatientSummary } from './types';

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

describe('detailsForm', () => {
  it('fills the form from the patient, blank where nothing is recorded', () => {
    expect(detailsForm(okafor)).toEqual({ phone: '', bed: '4', pathway: 'post_op' });
    expect(detailsForm({ ...okafor, phone: '0700 900 123', bed: null, pathway: null })).toEqual({
      phone: '0700 900 123',
      bed: '',
      pathway: '',
    });
  });
});

describe('pathwayOptions', () => {
  it('offers "not on a surgical pathway" only while the patient is on none', () => {
    expect(pathwayOptions(null).map((o) => o.value)).toEqual(['', 'pre_op', 'intra_op', 'post_op', 'discharge']);
    expect(pathwayOptions(null)[0].label).toBe('Not on a surgical pathway');
    expect(pathwayOptions('post_op').map((o) => o.label)).toEqual(['Pre-op', 'In theatre', 'Post-op', 'Being discharged']);
  });
});

describe('buildDetailsEdit', () => {
  const before: PatientSummary = { ...okafor, phone: '0700 900 123', bed: '4', pathway: 'post_op' };
  const same = detailsForm(before);

  it('changes nothing when nothing changed', () => {
    const r = buildDetailsEdit(before, { ...same, phone: ' 0700 900 123 ' });
    expect(r).toEqual({ ok: true, edit: null, stage: null });
  });

  it('sends only the fields that changed', () => {
    expect(buildDetailsEdit(before, { ...same, bed: ' 8 ' })).toEqual({ ok: true, edit: { bed: '8' }, stage: null });
    expect(buildDetailsEdit(before, { ...same, phone: '0800 1', bed: '9' })).toEqual({
      ok: true,
      edit: { phone: '0800 1', bed: '9' },
      stage: null,
    });
    expect(buildDetailsEdit(before, { ...same, phone: '' })).toEqual({ ok: true, edit: { phone: '' }, stage: null });
  });

  it('gives the new stage only when it changed', () => {
    const discharge = buildDetailsEdit(before, { ...same, pathway: 'discharge' });
    expect(discharge).toEqual({ ok: true, edit: null, stage: 'discharge' });
    const off: PatientSummary = { ...before, pathway: null };
    expect(buildDetailsEdit(off, detailsForm(off))).toEqual({ ok: true, edit: null, stage: null });
    const preOp = buildDetailsEdit(off, { ...detailsForm(off), pathway: 'pre_op' });
    expect(preOp).toEqual({ ok: true, edit: null, stage: 'pre_op' });
  });

  it('refuses an empty bed, an overlong bed or phone, and an unknown stage', () => {
    expect(buildDetailsEdit(before, { ...same, bed: ' ' })).toEqual({
      ok: false,
      message: 'The bed cannot be left blank. To free the bed, discharge the patient.',
    });
    const noBed = buildDetailsEdit({ ...before, bed: null }, { ...same, bed: '' });
    expect(noBed).toEqual({ ok: true, edit: null, stage: null });
    expect(buildDetailsEdit(before, { ...same, bed: 'x'.repeat(17) }).ok).toBe(false);
    expect(buildDetailsEdit(before, { ...same, bed: 'x'.repeat(16) }).ok).toBe(true);
    expect(buildDetailsEdit(before, { ...same, phone: '1'.repeat(41) }).ok).toBe(false);
    expect(buildDetailsEdit(before, { ...same, pathway: 'recovery' })).toEqual({
      ok: false,
      message: 'Choose a surgical pathway stage.',
    });
  });
});

describe('age', () => {
  const now = new Date(2026, 11, 6);
  it('counts whole years, months for infants and days in the first month', () => {
    expect(age('1970-12-06', now)).toBe('56 y');
    expect(age('1970-12-07', now)).toBe('55 y');
    expect(age('2025-06-06', now)).toBe('18 mo');
    expect(age('2026-11-20', now)).toBe('16 d');
    expect(age('not a date', now)).toBe('');
    expect(age('2027-01-01', now)).toBe('');
  });
});

describe('plural', () => {
  it('says one thing and many things', () => {
    expect(plural(1, 'document', 'documents')).toBe('1 document');
    expect(plural(0, 'document', 'documents')).toBe('0 documents');
    expect(plural(2, 'allergy', 'allergies')).toBe('2 allergies');
  });
});

describe('scan to open', () => {
  const ada = { ...okafor, patient_id: 'p2', mrn: 'MRN0000042', provisional_mrn: 'TMP-ABCDEF0123' };
  it('reads the MRN of a wristband code or of what was typed', () => {
    expect(scannedMrn(' BEDSIDE:MRN:MRN0000042 ')).toBe('MRN0000042');
    expect(scannedMrn('bedside:mrn:MRN0000042')).toBe('MRN0000042');
    expect(scannedMrn('MRN0000042')).toBe('MRN0000042');
  });
  it('opens the patient with that MRN, current or provisional, else the only one found', () => {
    expect(patientToOpen([okafor, ada], 'BEDSIDE:MRN:MRN0000042')).toBe(ada);
    expect(patientToOpen([okafor, ada], 'tmp-abcdef0123')).toBe(ada);
    expect(patientToOpen([ada], 'lovel')).toBe(ada);
    expect(patientToOpen([okafor, ada], 'o')).toBeNull();
    expect(patientToOpen([], 'BEDSIDE:MRN:MRN9')).toBeNull();
  });
});
