import { describe, expect, it } from 'vitest';
import { buildVitals, celsius, chartSeries, EMPTY_VITALS_FORM, parseMeasure, sortByTime } from './vitals';

/** The form as opened at 03:10 on 6 December, the time taken left as it was. */
const NOW = new Date(2026, 11, 6, 3, 10);
const OPENED = { ...EMPTY_VITALS_FORM, takenAt: '2026-12-06T03:10' };
const build = (form: Partial<typeof OPENED>) => buildVitals({ ...OPENED, ...form }, NOW);

describe('vitals payload', () => {
  it('turns empty fields into null and numbers into numbers', () => {
    const r = build({ temperature: '37.9', pulse: '96', systolic: '128', diastolic: '84' });
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
        // Left at the minute it is now: now.
        taken_at: NOW.toISOString(),
      },
    });
  });

  it('records when the set was taken: editable, never in the future, at most a day back', () => {
    const earlier = build({ pulse: '96', takenAt: '2026-12-06T02:40' });
    expect(earlier.ok && earlier.signs.taken_at).toBe(new Date(2026, 11, 6, 2, 40).toISOString().replace('.000Z', 'Z'));
    expect(build({ pulse: '96', takenAt: '2026-12-06T04:00' })).toEqual({ ok: false, message: 'Time taken: That time is in the future.' });
    expect(build({ pulse: '96', takenAt: '2026-12-05T03:00' })).toEqual({
      ok: false,
      message: 'Time taken: That time is more than a day ago.',
    });
    expect(build({ pulse: '96', takenAt: '' }).ok).toBe(false);
  });

  it('keeps the chosen units and accepts a decimal comma', () => {
    const r = build({ temperature: '100,2', temperatureUnit: 'F', weight: '70', weightUnit: 'kg' });
    expect(r.ok && r.signs.temperature).toEqual({ value: 100.2, unit: 'F' });
    expect(r.ok && r.signs.weight).toEqual({ value: 70, unit: 'kg' });
  });

  it('refuses text that is not a number, and an empty form', () => {
    expect(build({ pulse: 'fast' })).toEqual({ ok: false, message: 'Pulse must be a number.' });
    expect(build({}).ok).toBe(false);
    // Consciousness alone is an observation.
    expect(build({ consciousness: 'voice' }).ok).toBe(true);
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

describe('sortByTime', () => {
  it('orders sets by when they were taken, not by the text of the time', () => {
    const rows = [
      { id: 'half-second-later', taken_at: '2026-12-06T03:10:00.5Z' },
      { id: 'at-the-minute', taken_at: '2026-12-06T03:10:00Z' },
      { id: 'earlier', taken_at: '2026-12-06T03:09:59.9Z' },
    ];
    expect(sortByTime(rows).map((r) => r.id)).toEqual(['earlier', 'at-the-minute', 'half-second-later']);
  });
});

describe('the time taken', () => {
  it('is now to the millisecond when the form says the minute it is now, else the minute given', () => {
    const now = new Date(2026, 11, 6, 3, 10, 42, 500);
    expect(build({ pulse: '80', takenAt: '2026-12-06T03:10' })).toMatchObject({ ok: true });
    const same = buildVitals({ ...OPENED, pulse: '80', takenAt: '2026-12-06T03:10' }, now);
    expect(same.ok && same.signs.taken_at).toBe(now.toISOString());
    const earlier = buildVitals({ ...OPENED, pulse: '80', takenAt: '2026-12-06T03:05' }, now);
    expect(earlier.ok && earlier.signs.taken_at).toBe(new Date(2026, 11, 6, 3, 5).toISOString().replace('.000Z', 'Z'));
  });
});
