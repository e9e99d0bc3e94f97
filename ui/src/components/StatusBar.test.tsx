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

  it('counts what waits in the Inbox without saying synced', () => {
    mockCommands({});
    renderUI(<StatusBar status={status({ set_aside: 1 })} refresh={() => {}} />);
    const el = screen.getByTestId('sync-status');
    expect(el).toHaveAttribute('data-state', 'attention');
    expect(el).toHaveTextContent('1 set-aside edit to settle in the Inbox');
  });

  it('offline state', () => {
    mockCommands({});
    renderUI(<StatusBar status={status({ online: false })} refresh={() => {}} />);
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
  });

  it('stays offline while the server is tried again, and shows the catch-up once it answers', () => {
    mockCommands({});
    const offline = status({ online: false, syncing: true });
    const { rerender } = renderUI(<StatusBar status={offline} refresh={() => {}} progress={null} />);
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
    expect(screen.getByTestId('sync-status')).toHaveTextContent('trying to reconnect');

    const progress = { documents_done: 1, documents_total: 2, bytes_received: 10, bytes_sent: 0 };
    rerender(<StatusBar status={offline} refresh={() => {}} progress={progress} />);
    expect(screen.getByTestId('sync-status')).toHaveAttribute('data-state', 'syncing');
    expect(screen.getByTestId('sync-progress')).toHaveTextContent('1 of 2');
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

  it('shows how many charts have arrived while syncing', () => {
    mockCommands({});
    const progress = { documents_done: 120, documents_total: 400, bytes_received: 2_300_000, bytes_sent: 0 };
    renderUI(<StatusBar status={status({ syncing: true })} refresh={() => {}} progress={progress} />);
    expect(screen.getByTestId('sync-progress')).toHaveTextContent('Fetching charts: 120 of 400 · 2.3 MB');
    expect(screen.getByRole('progressbar', { name: 'Charts fetched' })).toHaveAttribute('aria-valuenow', '30');
  });

  it('shows no bar when nothing is coming or the sync has ended', () => {
    mockCommands({});
    const nothing = { documents_done: 0, documents_total: 0, bytes_received: 300, bytes_sent: 200 };
    const { rerender } = renderUI(<StatusBar status={status({ syncing: true })} refresh={() => {}} progress={nothing} />);
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    const some = { ...nothing, documents_done: 1, documents_total: 2 };
    rerender(<StatusBar status={status({ syncing: false })} refresh={() => {}} progress={some} />);
    expect(screen.queryByTestId('sync-progress')).toBeNull();
  });
});
