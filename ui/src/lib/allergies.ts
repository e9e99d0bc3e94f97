import type { Allergy } from './types';

const SEVERITY_WORDS: Record<string, string> = {
  mild: 'mild',
  moderate: 'moderate',
  severe: 'severe',
  life_threatening: 'life-threatening',
};

export function activeAllergies<T extends Allergy>(allergies: T[]): T[] {
  return allergies.filter((a) => a.status === 'active');
}

/** "Allergies: Penicillin (severe), Latex" or "No known allergies". */
export function allergyBanner(allergies: Allergy[]): { alert: boolean; text: string } {
  const active = activeAllergies(allergies);
  if (active.length === 0) return { alert: false, text: 'No known allergies' };
  const items = active.map((a) => {
    const sev = SEVERITY_WORDS[a.severity] ?? a.severity;
    return a.severity && a.severity !== 'mild' ? `${a.substance} (${sev})` : a.substance;
  });
  return { alert: true, text: `Allergies: ${items.join(', ')}` };
}
