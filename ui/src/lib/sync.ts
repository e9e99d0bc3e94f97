import type { Status } from './types';
import { clockTime, plural } from './format';

export type SyncState = 'synced' | 'attention' | 'pending' | 'syncing' | 'offline' | 'error';

export interface SyncDescription {
  state: SyncState;
  text: string;
}

/**
 * Plain-words sync state for the status bar. `answered` is true once the sync under way has had an answer from
 * the server (a progress report): until then, offline stays offline while the workstation tries again.
 */
export function describeSync(status: Status, answered = false): SyncDescription {
  const waiting = status.pending_changes + status.uploads_waiting;
  if (status.online === false && !(status.syncing && answered)) {
    const extra = waiting > 0 ? ` (${plural(waiting, 'change', 'changes')} waiting)` : '';
    const trying = status.syncing ? ' · trying to reconnect…' : '';
    return { state: 'offline', text: `Offline — changes are kept on this workstation${extra}${trying}` };
  }
  if (status.syncing) return { state: 'syncing', text: 'Syncing…' };
  if (status.last_error) return { state: 'error', text: status.last_error };
  if (waiting > 0) {
    const parts: string[] = [];
    if (status.pending_changes > 0) parts.push(plural(status.pending_changes, 'change', 'changes'));
    if (status.uploads_waiting > 0) parts.push(plural(status.uploads_waiting, 'upload', 'uploads'));
    return { state: 'pending', text: `${parts.join(' and ')} waiting` };
  }
  if (status.online === true || status.last_sync) {
    const last = status.last_sync ? ` · last sync ${clockTime(status.last_sync)}` : '';
    const waits = inboxWaiting(status);
    // Up to date with the server, but not settled: never "Synced" while the Inbox waits.
    if (waits) return { state: 'attention', text: `${waits} to settle in the Inbox${last}` };
    return { state: 'synced', text: `Synced${last}` };
  }
  // Never synced and the server not yet tried.
  return { state: 'pending', text: 'Not synced yet' };
}

/** What waits in the Inbox in words ("1 conflict and 2 set-aside edits"), or empty. */
export function inboxWaiting(status: Pick<Status, 'conflicts' | 'set_aside'>): string {
  const parts: string[] = [];
  if (status.conflicts > 0) parts.push(plural(status.conflicts, 'conflict', 'conflicts'));
  if (status.set_aside > 0) parts.push(plural(status.set_aside, 'set-aside edit', 'set-aside edits'));
  return parts.join(' and ');
}

/** True while the ward is first arriving on a workstation that has never synced. */
export function isFirstSync(status: Pick<Status, 'last_sync' | 'syncing'>): boolean {
  return status.last_sync === null && status.syncing;
}
