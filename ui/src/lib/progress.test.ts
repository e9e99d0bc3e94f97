import { describe, expect, it } from 'vitest';
import { describeProgress, formatBytes } from './progress';
import type { SyncProgress } from './types';

const progress = (over: Partial<SyncProgress> = {}): SyncProgress => ({
  documents_done: 120,
  documents_total: 400,
  bytes_received: 2_300_000,
  bytes_sent: 4_000,
  ...over,
});

describe('formatBytes', () => {
  it('counts bytes, kilobytes and megabytes in powers of 1000', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(2_345)).toBe('2.3 kB');
    expect(formatBytes(2_300_000)).toBe('2.3 MB');
    expect(formatBytes(4_200_000_000)).toBe('4.2 GB');
  });

  it('moves to the next unit rather than showing 1000.0', () => {
    expect(formatBytes(999_960)).toBe('1.0 MB');
  });
});

describe('describeProgress', () => {
  it('gives the percentage and the words for the bar', () => {
    expect(describeProgress(progress())).toEqual({ percent: 30, text: 'Fetching charts: 120 of 400 · 2.3 MB' });
  });

  it('rounds to whole percents and never passes 100', () => {
    expect(describeProgress(progress({ documents_done: 1, documents_total: 3 }))?.percent).toBe(33);
    expect(describeProgress(progress({ documents_done: 5, documents_total: 4 }))?.percent).toBe(100);
  });

  it('shows no bar when nothing is coming or nothing was heard', () => {
    expect(describeProgress(progress({ documents_done: 0, documents_total: 0 }))).toBeNull();
    expect(describeProgress(null)).toBeNull();
  });

  it('counts the bytes received, not those sent', () => {
    expect(describeProgress(progress({ bytes_received: 512, bytes_sent: 9_000_000 }))?.text).toBe(
      'Fetching charts: 120 of 400 · 512 B',
    );
  });
});
