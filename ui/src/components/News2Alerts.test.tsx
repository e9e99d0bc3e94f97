import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { News2Alerts } from './News2Alerts';
import { callsTo, mockCommands, permissionsOf, renderUI, sendEvent } from '../test/render';
import type { News2Alert } from '../lib/types';
import { deteriorating } from '../test/fixtures';

const alert: News2Alert = {
  record_id: 'v1',
  patient_id: 'p1',
  patient_name: 'OKAFOR, Chidi',
  ward: 'DEMO-1',
  bed: '4',
  vitals: deteriorating,
};

describe('News2Alerts', () => {
  it('interrupts with the patient, bed, score and who took it, until acknowledged', async () => {
    let waiting: News2Alert[] = [];
    const calls = mockCommands({ news2_alerts: () => waiting, acknowledge_alert: () => null });
    const { user } = renderUI(<News2Alerts onOpen={() => {}} />);
    await waitFor(() => expect(callsTo(calls, 'news2_alerts')).toHaveLength(1));
    expect(screen.queryByTestId('news2-alert')).toBeNull();

    // A colleague's set arrives with a sync: the banner appears without anyone asking.
    waiting = [alert];
    await sendEvent('bedside://changed');
    const banner = await screen.findByTestId('news2-alert');
    expect(banner).toHaveAttribute('role', 'alert');
    expect(banner).toHaveAttribute('data-band', 'high');
    expect(banner).toHaveTextContent('OKAFOR, Chidi · bed 4');
    expect(banner).toHaveTextContent('by Nurse Amara');
    expect(within(banner).getByTestId('news2-badge')).toHaveTextContent('NEWS2 14');

    waiting = [];
    await user.click(within(banner).getByTestId('news2-alert-ack'));
    await waitFor(() => expect(screen.queryByTestId('news2-alert')).toBeNull());
    expect(callsTo(calls, 'acknowledge_alert')).toEqual([{ recordId: 'v1' }]);
  });

  it('opens the chart from the alert, acknowledging it', async () => {
    const calls = mockCommands({ news2_alerts: () => [alert], acknowledge_alert: () => null });
    const opened: string[] = [];
    const { user } = renderUI(<News2Alerts onOpen={(id) => opened.push(id)} />);
    await user.click(await screen.findByTestId('news2-alert-open'));
    await waitFor(() => expect(opened).toEqual(['p1']));
    expect(callsTo(calls, 'acknowledge_alert')).toEqual([{ recordId: 'v1' }]);
  });

  it('shows nothing to a role that reads no clinical records', async () => {
    const calls = mockCommands({ news2_alerts: () => [alert] });
    renderUI(<News2Alerts onOpen={() => {}} />, { may: permissionsOf('CLERK') });
    // Let the effects run: a clinical reader's would have asked for the alerts by now.
    await act(async () => {});
    expect(screen.queryByTestId('news2-alert')).toBeNull();
    expect(callsTo(calls, 'news2_alerts')).toHaveLength(0);
  });
});
