import { describe, expect, it } from 'vitest';
import { describeSync, isFirstSync } from './sync';
import { status } from '../test/render';

describe('describeSync', () => {
  it('says synced with the time of the last sync', () => {
    expect(describeSync(status({ last_sync: '2026-11-23T09:05:00' }))).toEqual({
      state: 'synced',
      text: 'Synced · last sync 09:05',
    });
  });

  it('never says synced while the Inbox waits', () => {
    expect(describeSync(status({ conflicts: 1, set_aside: 2 }))).toEqual({
      state: 'attention',
      text: '1 conflict and 2 set-aside edits to settle in the Inbox · last sync 09:05',
    });
    expect(describeSync(status({ conflicts: 2 })).text).toBe('2 conflicts to settle in the Inbox · last sync 09:05');
  });

  it('counts changes waiting', () => {
    expect(describeSync(status({ pending_changes: 3 }))).toEqual({ state: 'pending', text: '3 changes waiting' });
    expect(describeSync(status({ pending_changes: 1 })).text).toBe('1 change waiting');
  });

  it('counts uploads waiting as pending', () => {
    expect(describeSync(status({ uploads_waiting: 2 }))).toEqual({ state: 'pending', text: '2 uploads waiting' });
    expect(describeSync(status({ pending_changes: 1, uploads_waiting: 1 })).text).toBe('1 change and 1 upload waiting');
  });

  it('says offline work is kept on the workstation', () => {
    const d = describeSync(status({ online: false, pending_changes: 0 }));
    expect(d.state).toBe('offline');
    expect(d.text).toBe('Offline — changes are kept on this workstation');
    expect(describeSync(status({ online: false, pending_changes: 2 })).text).toContain('2 changes waiting');
  });

  it('stays offline while the server is tried again', () => {
    expect(describeSync(status({ online: false, syncing: true, pending_changes: 1 }))).toEqual({
      state: 'offline',
      text: 'Offline — changes are kept on this workstation (1 change waiting) · trying to reconnect…',
    });
  });

  it('says syncing once the server answers the first sync after an outage', () => {
    expect(describeSync(status({ online: false, syncing: true }), true)).toEqual({ state: 'syncing', text: 'Syncing…' });
    expect(describeSync(status({ online: false, syncing: false }), true).state).toBe('offline');
  });

  it('shows the error text', () => {
    expect(describeSync(status({ last_error: 'The server refused this device' }))).toEqual({
      state: 'error',
      text: 'The server refused this device',
    });
  });

  it('says syncing while a round is under way', () => {
    expect(describeSync(status({ syncing: true, pending_changes: 4 }))).toEqual({ state: 'syncing', text: 'Syncing…' });
  });

  it('is pending before the first sync', () => {
    expect(describeSync(status({ online: null, last_sync: null })).state).toBe('pending');
  });
});

describe('isFirstSync', () => {
  it('is true only while a never-synced workstation syncs', () => {
    expect(isFirstSync(status({ last_sync: null, syncing: true }))).toBe(true);
    expect(isFirstSync(status({ last_sync: null, syncing: false }))).toBe(false);
    expect(isFirstSync(status({ last_sync: '2026-11-23T09:05:00', syncing: true }))).toBe(false);
  });
});
