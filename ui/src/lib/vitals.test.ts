import { describe, expect, it } from 'vitest';
import { buildVitals, celsius, chartSeries, EMPTY_VITALS_FORM, parseMeasure } from './vitals';

describe('vitals payload', () => {
  it('turns empty fields into null and numbers into numbers', () => {
    const r = buildVitals({ ...EMPTY_VITALS_FORM, temperature: '37.9', pulse: '96', systolic: '128', diastolic: '84' });
    expect(r).toEqual({
      ok: true,
      signs: {
        temperature: { value: 37.9, unit: 'C' },
        pulse_bpm: 96,
        systolic_mmhg: 128,
        diastolic_mmhg: 84,
        respiratory_rate: null,
        spo2_pct: null,
        weight: null,
        consciousness: null,
        on_oxygen: null,
        spo2_scale: null,
      },
    });
  });

  it('keeps the chosen units and accepts a decimal comma', () => {
    const r = buildVitals({ ...EMPTY_VITALS_FORM, temperature: '100,2', temperatureUnit: 'F', weight: '70', weightUnit: 'kg' });
    expect(r.ok && r.signs.temperature).toEqual({ value: 100.2, unit: 'F' });
    expect(r.ok && r.signs.weight).toEqual({ value: 70, unit: 'kg' });
  });

  it('refuses text that is not a number, and an empty form', () => {
    expect(buildVitals({ ...EMPTY_VITALS_FORM, pulse: 'fast' })).toEqual({ ok: false, message: 'Pulse must be a number.' });
    expect(buildVitals(EMPTY_VITALS_FORM).ok).toBe(false);
    // Consciousness alone is an observation.
    expect(buildVitals({ ...EMPTY_VITALS_FORM, consciousness: 'voice' }).ok).toBe(true);
    expect(parseMeasure('  ')).toBeNull();
  });

  it('charts oldest first with temperature in °C', () => {
    const base = {
      recorded_by: 'N',
      respiratory_rate: null,
      spo2_pct: null,
      weight: null,
      diastolic_mmhg: null,
      consciousness: null,
      on_oxygen: null,
      spo2_scale: null,
    };
    const rows = [
      { ...base, record_id: 'b', taken_at: '2026-11-23T10:00:00', temperature: { value: 100.4, unit: 'F' as const }, pulse_bpm: 90, systolic_mmhg: 120 },
      { ...base, record_id: 'a', taken_at: '2026-11-23T08:00:00', temperature: null, pulse_bpm: 80, systolic_mmhg: null },
    ];
    const series = chartSeries(rows, (iso) => iso.slice(11, 16));
    expect(series).toEqual([
      { time: '08:00', Pulse: 80, Systolic: null, 'Temperature °C': null },
      { time: '10:00', Pulse: 90, Systolic: 120, 'Temperature °C': 38 },
    ]);
    expect(celsius({ value: 37.2, unit: 'C' })).toBe(37.2);
  });
});
