import { describe, expect, it } from 'vitest';
import { buildProblem, isIcd10, problemList } from './problems';
import type { Problem, ProblemStatus } from './types';

describe('isIcd10', () => {
  it('accepts a letter, two characters and an optional dot with up to four more', () => {
    for (const code of ['K35', 'K35.8', 'S72.001A', 'k35.8', ' I10 ', 'C4A.0']) expect(isIcd10(code)).toBe(true);
  });

  it('refuses what is not shaped like an ICD-10 code', () => {
    for (const code of ['', '35.8', 'K3', 'K358', 'K35.', 'K35.12345', 'KK5.8', 'K35-8', 'appendicitis']) {
      expect(isIcd10(code)).toBe(false);
    }
  });
});

describe('buildProblem', () => {
  const form = { code: ' k35.8 ', text: ' Acute appendicitis ', onset: '2026-11-20' };
  const today = '2026-11-23';

  it('sends the code as typed (trimmed), the words trimmed and the onset', () => {
    expect(buildProblem(form, today)).toEqual({
      ok: true,
      problem: { code: 'k35.8', text: 'Acute appendicitis', onset: '2026-11-20' },
    });
    expect(buildProblem({ ...form, onset: '' }, today)).toEqual({
      ok: true,
      problem: { code: 'k35.8', text: 'Acute appendicitis', onset: null },
    });
  });

  it('explains a code that is not ICD-10', () => {
    const r = buildProblem({ ...form, code: 'appendix' }, today);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('"appendix" is not an ICD-10 code');
    expect(buildProblem({ ...form, code: '' }, today)).toEqual({
      ok: false,
      message: 'Enter the ICD-10 code, e.g. K35.8.',
    });
  });

  it('requires the problem in words and a real onset date not in the future', () => {
    expect(buildProblem({ ...form, text: ' ' }, today)).toEqual({
      ok: false,
      message: 'Describe the problem in words.',
    });
    expect(buildProblem({ ...form, onset: '2026-02-30' }, today).ok).toBe(false);
    expect(buildProblem({ ...form, onset: '2026-11-24' }, today)).toEqual({
      ok: false,
      message: 'Onset cannot be in the future.',
    });
    expect(buildProblem({ ...form, onset: today }, today).ok).toBe(true);
  });
});

describe('problemList', () => {
  const p = (text: string, status: ProblemStatus): Problem => ({
    code: '',
    text,
    status,
    onset: null,
    recorded_by: 'Dr A',
    recorded_at: '2026-01-01T00:00:00Z',
  });

  it('leaves out entries made in error and lists active problems first', () => {
    const list = [p('Old fracture', 'resolved'), p('Mistake', 'entered_in_error'), p('Appendicitis', 'active')];
    expect(problemList(list).map((x) => x.text)).toEqual(['Appendicitis', 'Old fracture']);
  });
});
