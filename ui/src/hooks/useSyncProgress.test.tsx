import { describe, expect, it } from 'vitest';
import { renderHook } from '@testing-library/react';
import { useSyncProgress } from './useSyncProgress';
import { mockCommands, sendEvent } from '../test/render';

const halfway = { documents_done: 2, documents_total: 4, bytes_received: 2048, bytes_sent: 10 };
const done = { ...halfway, documents_done: 4 };

describe('useSyncProgress', () => {
  it('keeps the latest progress while syncing and clears it when the sync ends', async () => {
    mockCommands({});
    const { result, rerender } = renderHook(({ syncing }) => useSyncProgress(syncing), {
      initialProps: { syncing: true },
    });
    expect(result.current).toBeNull();

    await sendEvent('bedside://progress', halfway);
    expect(result.current).toEqual(halfway);
    await sendEvent('bedside://progress', done);
    expect(result.current).toEqual(done);

    rerender({ syncing: false });
    expect(result.current).toBeNull();
    // The next run starts from nothing, not from the last run's figures.
    rerender({ syncing: true });
    expect(result.current).toBeNull();
  });

  it('ignores an empty event', async () => {
    mockCommands({});
    const { result } = renderHook(() => useSyncProgress(true));
    await sendEvent('bedside://progress', halfway);
    await sendEvent('bedside://progress', null);
    expect(result.current).toEqual(halfway);
  });
});
