import type { Allergy, NewAllergy, Severity } from './types';

const SEVERITY_WORDS: Record<string, string> = {
  mild: 'mild',
  moderate: 'moderate',
  severe: 'severe',
  life_threatening: 'life-threatening',
};

/** The severities a clinician chooses from, mildest first. */
export const SEVERITIES: { value: Severity; label: string }[] = [
  { value: 'mild', label: 'Mild' },
  { value: 'moderate', label: 'Moderate' },
  { value: 'severe', label: 'Severe' },
  { value: 'life_threatening', label: 'Life-threatening' },
];

export const ALLERGY_STATUS_WORDS: Record<string, string> = {
  active: 'Active',
  inactive: 'Inactive',
  entered_in_error: 'Entered in error',
};

/** The longest substance or reaction the workstation accepts. */
export const ALLERGY_TEXT_MAX = 200;

export function activeAllergies<T extends Allergy>(allergies: T[]): T[] {
  return allergies.filter((a) => a.status === 'active');
}

/**
 * "Allergies: Penicillin (severe), Latex"; otherwise "No active allergies" when some were ruled out, and "No
 * allergies recorded" when none ever were (which is not the same as "no known allergies": nobody said so).
 */
export function allergyBanner(allergies: Allergy[]): { alert: boolean; text: string } {
  const active = activeAllergies(allergies);
  if (active.length === 0) {
    const ruledOut = allergies.some((a) => a.status === 'inactive');
    return { alert: false, text: ruledOut ? 'No active allergies' : 'No allergies recorded' };
  }
  const items = active.map((a) => {
    const sev = SEVERITY_WORDS[a.severity] ?? a.severity;
    return a.severity && a.severity !== 'mild' ? `${a.substance} (${sev})` : a.substance;
  });
  return { alert: true, text: `Allergies: ${items.join(', ')}` };
}

/** "Life-threatening" for `life_threatening`; an unknown severity as it came. */
export function severityLabel(severity: string): string {
  return SEVERITIES.find((s) => s.value === severity)?.label ?? severity;
}

const STATUS_ORDER: Record<string, number> = { active: 0, inactive: 1, entered_in_error: 2 };

/** Active allergies first, then inactive, then those entered in error; otherwise as recorded. */
export function allergiesInOrder<T extends Allergy>(allergies: T[]): T[] {
  const rank = (a: Allergy) => STATUS_ORDER[a.status] ?? 1;
  return [...allergies].sort((a, b) => rank(a) - rank(b));
}

export interface AllergyForm {
  substance: string;
  reaction: string;
  /** Empty until the clinician chooses. */
  severity: Severity | '';
}

export const EMPTY_ALLERGY_FORM: AllergyForm = { substance: '', reaction: '', severity: '' };

/** Checks the "Record allergy" form and builds `record_allergy`'s `allergy` argument. */
export function buildAllergy(form: AllergyForm): { ok: true; allergy: NewAllergy } | { ok: false; message: string } {
  const substance = form.substance.trim();
  const reaction = form.reaction.trim();
  if (!substance) return { ok: false, message: 'Name the substance the patient is allergic to.' };
  if (substance.length > ALLERGY_TEXT_MAX) {
    return { ok: false, message: `Keep the substance to ${ALLERGY_TEXT_MAX} characters or fewer.` };
  }
  if (!reaction) return { ok: false, message: 'Describe the reaction, e.g. rash or wheeze.' };
  if (reaction.length > ALLERGY_TEXT_MAX) {
    return { ok: false, message: `Keep the reaction to ${ALLERGY_TEXT_MAX} characters or fewer.` };
  }
  const severity = SEVERITIES.find((s) => s.value === form.severity)?.value;
  if (!severity) return { ok: false, message: 'Choose how severe the reaction is.' };
  return { ok: true, allergy: { substance, reaction, severity } };
}
