import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { StatusBar } from './StatusBar';
import { callsTo, mockCommands, renderUI, status } from '../test/render';

describe('StatusBar', () => {
  it('shows the sync state in words with data-state', () => {
    mockCommands({});
    renderUI(<StatusBar status={status({ pending_changes: 2 })} refresh={() => {}} />);
    const el = screen.getByTestId('sync-status');
    expect(el).toHaveTextContent('2 changes waiting');
    expect(el).toHaveAttribute('data-state', 'pending');
  });

  it('offline state', () => {
    mockCommands({});
    renderUI(<StatusBar status={status({ online: false })} refresh={() => {}} />);
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  });

  it('"Sync now" calls sync_now, refreshes, and shows a failure in words', async () => {
    const calls = mockCommands({
      sync_now: () => {
        throw { code: 'OFFLINE', message: 'The server cannot be reached.' };
      },
    });
    let refreshed = 0;
    const { user } = renderUI(<StatusBar status={status()} refresh={() => void refreshed++} />);
    await user.click(screen.getByTestId('sync-now'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('The server cannot be reached.');
    expect(callsTo(calls, 'sync_now')).toHaveLength(1);
    await waitFor(() => expect(refreshed).toBe(1));
  });
});
