import type { SyncProgress } from './types';

const UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** "512 B", "2.3 kB", "2.3 MB" (powers of 1000). */
export function formatBytes(bytes: number): string {
  const n = Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
  if (n < 1000) return `${Math.round(n)} B`;
  let value = n / 1000;
  let unit = 1;
  while (unit < UNITS.length - 1 && Number(value.toFixed(1)) >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

export interface ProgressDescription {
  /** 0–100, whole numbers. */
  percent: number;
  text: string;
}

/** The progress bar's value and words; null when there is nothing to fetch. */
export function describeProgress(progress: SyncProgress | null | undefined): ProgressDescription | null {
  if (!progress || !(progress.documents_total > 0)) return null;
  const { documents_done: done, documents_total: total } = progress;
  const percent = Math.min(100, Math.max(0, Math.round((done / total) * 100)));
  return {
    percent,
    text: `Fetching charts: ${done} of ${total} · ${formatBytes(progress.bytes_received)}`,
  };
}
