// NEWS2 as the window shows it: the score itself comes from the workstation (the same
// code scores it everywhere); this module only names and colours it.
import type { Band, News2, Parameter } from './types';

/** What each band asks of the ward (RCP 2017). */
export const BAND_RESPONSE: Record<Band, string> = {
  low: 'Low: ward-based response',
  low_medium: 'Low–medium: a single parameter scored 3, urgent ward-based review',
  medium: 'Medium: urgent response, observations at least hourly',
  high: 'High: emergency response, continuous monitoring',
};

export const BAND_COLOR: Record<Band, string> = {
  low: 'gray',
  low_medium: 'yellow',
  medium: 'orange',
  high: 'red',
};

/** The tint of a measurement by the points it scored (0 is not tinted). */
export function pointsColor(points: number | undefined): string | undefined {
  if (points === undefined || points === 0) return undefined;
  return points === 1 ? 'var(--mantine-color-yellow-1)' : points === 2 ? 'var(--mantine-color-orange-2)' : 'var(--mantine-color-red-2)';
}

/** The points `parameter` scored in `score`, if it was measured. */
export function pointsOf(score: News2 | null, parameter: Parameter): number | undefined {
  return score?.contributions.find((c) => c.parameter === parameter)?.points;
}

export const PARAMETER_LABEL: Record<Parameter, string> = {
  respiratory_rate: 'Resp. rate',
  spo2: 'SpO₂',
  air_or_oxygen: 'Air or O₂',
  systolic_pressure: 'Systolic BP',
  pulse: 'Pulse',
  consciousness: 'Consciousness',
  temperature: 'Temperature',
};

export const CONSCIOUSNESS_LABEL: Record<string, string> = {
  alert: 'Alert',
  new_confusion: 'New confusion',
  voice: 'Voice',
  pain: 'Pain',
  unresponsive: 'Unresponsive',
};
