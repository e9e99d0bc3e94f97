import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Inbox } from './Inbox';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { Conflict, Quarantined } from '../lib/types';

const phone: Conflict = {
  doc_id: 'reg-p1',
  patient_id: 'p1',
  patient_name: 'OKAFOR, Chidi',
  bed: '4',
  path: 'demographics/phone',
  values: ['0700 111 222', null],
  written: [{ by: 'Nurse Amara', at: '2026-12-06T03:10:00Z' }, { by: null, at: null }],
};

const refused: Quarantined = {
  quarantine_id: 'q1',
  doc_id: 'clin-p2',
  patient_id: 'p2',
  code: 'SIGNED_NOTE_IMMUTABLE',
  message: 'A signed note cannot be changed; add an addendum instead.',
  at: '2026-11-23T09:30:00',
  content: {},
};

/** The inbox's answers, emptied as each item is settled. */
function workstation() {
  let conflicts = [phone];
  let quarantine = [refused];
  const calls = mockCommands({
    conflicts: () => conflicts,
    quarantine: () => quarantine,
    resolve_conflict: () => {
      conflicts = [];
      return null;
    },
    reapply_quarantined: () => {
      quarantine = [];
      return null;
    },
    discard_quarantined: () => {
      quarantine = [];
      return null;
    },
  });
  return calls;
}

describe('Inbox', () => {
  it('names the field and keeps the chosen value, then reloads', async () => {
    const calls = workstation();
    const opened: string[] = [];
    const { user } = renderUI(<Inbox onOpen={(id) => opened.push(id)} />);
    const item = await screen.findByTestId('conflict-item');
    expect(within(item).getByTestId('conflict-patient')).toHaveTextContent('OKAFOR, Chidi · bed 4');
    expect(item).toHaveTextContent('Phone was changed on two workstations');
    const keep = within(item).getAllByTestId('conflict-keep');
    expect(keep.map((b) => b.textContent)).toEqual(['Keep 0700 111 222', 'Keep (empty)']);
    const written = within(item).getAllByTestId('conflict-written').map((w) => w.textContent);
    expect(written[0]).toMatch(/^by Nurse Amara, 2026-12-0\d \d\d:10$/);
    expect(written[1]).toBe('by someone unknown');

    await user.click(within(item).getByRole('button', { name: 'Open chart' }));
    expect(opened).toEqual(['p1']);

    await user.click(keep[1]);
    await waitFor(() => expect(screen.queryByTestId('conflict-item')).toBeNull());
    expect(callsTo(calls, 'resolve_conflict')).toEqual([{ docId: 'reg-p1', path: 'demographics/phone', value: null }]);
    expect(screen.getByText('No conflicting edits.')).toBeInTheDocument();
  });

  it('shows why an edit was set aside and re-applies it', async () => {
    const calls = workstation();
    const { user } = renderUI(<Inbox onOpen={() => {}} />);
    const item = await screen.findByTestId('quarantine-item');
    expect(item).toHaveTextContent(refused.message);
    expect(item).toHaveTextContent('Set aside 2026-11-23 09:30');
    await user.click(within(item).getByTestId('quarantine-reapply'));
    await waitFor(() => expect(screen.queryByTestId('quarantine-item')).toBeNull());
    expect(callsTo(calls, 'reapply_quarantined')).toEqual([{ quarantineId: 'q1' }]);
    expect(callsTo(calls, 'discard_quarantined')).toHaveLength(0);
  });

  it('discards only after confirmation', async () => {
    const calls = workstation();
    const { user } = renderUI(<Inbox onOpen={() => {}} />);
    await user.click(await screen.findByTestId('quarantine-discard'));
    const dialog = await screen.findByRole('dialog', { name: 'Discard these changes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep them' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(callsTo(calls, 'discard_quarantined')).toHaveLength(0);
    expect(screen.getByTestId('quarantine-item')).toBeInTheDocument();

    await user.click(screen.getByTestId('quarantine-discard'));
    await user.click(await screen.findByTestId('quarantine-discard-confirm'));
    await waitFor(() => expect(screen.queryByTestId('quarantine-item')).toBeNull());
    expect(callsTo(calls, 'discard_quarantined')).toEqual([{ quarantineId: 'q1' }]);
  });

  it('shows a refusal in words and keeps the item', async () => {
    mockCommands({
      conflicts: () => [phone],
      quarantine: () => [],
      resolve_conflict: () => {
        throw { code: 'INVALID', message: 'That value is no longer one of the choices.' };
      },
    });
    const { user } = renderUI(<Inbox onOpen={() => {}} />);
    const [first] = await screen.findAllByTestId('conflict-keep');
    await user.click(first);
    expect(await screen.findByTestId('error-message')).toHaveTextContent('That value is no longer one of the choices.');
    expect(screen.getByTestId('conflict-item')).toBeInTheDocument();
  });
});
