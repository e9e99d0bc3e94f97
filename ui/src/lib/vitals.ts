import type { Consciousness, Entry, Spo2Scale, VitalSigns, Vitals } from './types';
import { checkTakenAt } from './format';

export interface VitalsForm {
  temperature: string;
  temperatureUnit: 'C' | 'F';
  pulse: string;
  systolic: string;
  diastolic: string;
  respiratoryRate: string;
  spo2: string;
  weight: string;
  weightUnit: 'kg' | 'lb';
  /** ACVPU; empty when not assessed. */
  consciousness: '' | Consciousness;
  /** Room air or supplemental oxygen; empty when not recorded. */
  oxygen: '' | 'air' | 'oxygen';
  spo2Scale: Spo2Scale;
  /** When they were taken, as a datetime-local value (the moment the form opened, unless changed). */
  takenAt: string;
}

export const EMPTY_VITALS_FORM: VitalsForm = {
  temperature: '',
  temperatureUnit: 'C',
  pulse: '',
  systolic: '',
  diastolic: '',
  respiratoryRate: '',
  spo2: '',
  weight: '',
  weightUnit: 'kg',
  consciousness: '',
  oxygen: '',
  spo2Scale: 'scale1',
  takenAt: '',
};

/** Empty → null; a number → that number; anything else → NaN (caller reports it). */
export function parseMeasure(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return null;
  if (!/^-?\d+(\.\d+)?$/.test(t)) return Number.NaN;
  return Number(t);
}

export type VitalsResult = { ok: true; signs: VitalSigns } | { ok: false; message: string };

const LABELS: Record<string, string> = {
  temperature: 'Temperature',
  pulse: 'Pulse',
  systolic: 'Systolic pressure',
  diastolic: 'Diastolic pressure',
  respiratoryRate: 'Respiratory rate',
  spo2: 'SpO₂',
  weight: 'Weight',
};

/** Builds the `signs` argument of `record_vitals` from the form's text fields. */
export function buildVitals(form: VitalsForm, now: Date = new Date()): VitalsResult {
  const keys = ['temperature', 'pulse', 'systolic', 'diastolic', 'respiratoryRate', 'spo2', 'weight'] as const;
  const values: Record<string, number | null> = {};
  for (const k of keys) {
    const v = parseMeasure(form[k]);
    if (v !== null && Number.isNaN(v)) return { ok: false, message: `${LABELS[k]} must be a number.` };
    values[k] = v;
  }
  if (keys.every((k) => values[k] === null) && form.consciousness === '') {
    return { ok: false, message: 'Enter at least one measurement.' };
  }
  const taken = checkTakenAt(form.takenAt, now);
  if (!taken.ok) return { ok: false, message: `Time taken: ${taken.message}` };
  return {
    ok: true,
    signs: {
      temperature: values.temperature === null ? null : { value: values.temperature, unit: form.temperatureUnit },
      pulse_bpm: values.pulse,
      systolic_mmhg: values.systolic,
      diastolic_mmhg: values.diastolic,
      respiratory_rate: values.respiratoryRate,
      spo2_pct: values.spo2,
      weight: values.weight === null ? null : { value: values.weight, unit: form.weightUnit },
      consciousness: form.consciousness === '' ? null : form.consciousness,
      on_oxygen: form.oxygen === '' ? null : form.oxygen === 'oxygen',
      spo2_scale: values.spo2 === null ? null : form.spo2Scale,
      taken_at: taken.at,
    },
  };
}

export function celsius(t: Vitals['temperature']): number | null {
  if (!t) return null;
  const c = t.unit === 'F' ? ((t.value - 32) * 5) / 9 : t.value;
  return Math.round(c * 10) / 10;
}

/** Oldest first, by the times the sets were taken (as times: "10:00:00Z" and "10:00:00.5Z" sort the other way as text). */
export function sortByTime<T extends { taken_at: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => Date.parse(a.taken_at) - Date.parse(b.taken_at));
}

export interface ChartPoint {
  time: string;
  Pulse: number | null;
  Systolic: number | null;
  'Temperature °C': number | null;
}

/** Series for the vitals line chart, oldest first. */
export function chartSeries(rows: Entry<Vitals>[], label: (iso: string) => string): ChartPoint[] {
  return sortByTime(rows).map((v) => ({
    time: label(v.taken_at),
    Pulse: v.pulse_bpm,
    Systolic: v.systolic_mmhg,
    'Temperature °C': celsius(v.temperature),
  }));
}

export function latestVitals<T extends { taken_at: string }>(rows: T[]): T | null {
  const sorted = sortByTime(rows);
  return sorted.length ? sorted[sorted.length - 1] : null;
}

export function bloodPressure(v: Pick<Vitals, 'systolic_mmhg' | 'diastolic_mmhg'>): string {
  if (v.systolic_mmhg === null && v.diastolic_mmhg === null) return '';
  return `${v.systolic_mmhg ?? '–'}/${v.diastolic_mmhg ?? '–'}`;
}

export function temperatureText(t: Vitals['temperature']): string {
  return t ? `${t.value} °${t.unit}` : '';
}
