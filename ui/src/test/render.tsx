import type { ReactElement, ReactNode } from 'react';
import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { vi } from 'vitest';
import { theme } from '../theme';
import type { Permissions, Role, Status } from '../lib/types';
import { PERMISSIONS_BY_ROLE } from '../bindings';
import { PermissionsContext } from '../hooks/usePermissions';
import { localInput } from '../lib/format';

/** What a user holding `roles` may do, from the server's matrix (as the workstation computes it). */
export function permissionsOf(...roles: Role[]): Permissions {
  const each = roles.map((r) => PERMISSIONS_BY_ROLE[r]);
  const may = { ...PERMISSIONS_BY_ROLE.ADMIN, note_kinds: [] } as Permissions;
  for (const p of each) {
    for (const key of Object.keys(p) as (keyof Permissions)[]) {
      if (key !== 'note_kinds') (may[key] as boolean) ||= p[key] as boolean;
    }
    for (const kind of p.note_kinds) if (!may.note_kinds.includes(kind)) may.note_kinds.push(kind);
  }
  return may;
}

/** The ward clinician most tests act as: a doctor who is also a nurse. */
export const WARD_CLINICIAN = permissionsOf('DOCTOR', 'NURSE');

/**
 * Renders inside the app's Mantine theme (kept on `rerender`) as a clinician who may do `may` (by default a doctor
 * and nurse), with a user-event session.
 */
/**
 * The app's theme with motion reduced (the test setup's `matchMedia` asks for it): Mantine's transitions end at
 * once instead of on timers that could fire after a test file's window is gone.
 */
const stillTheme = { ...theme, respectReducedMotion: true };

export function renderUI(ui: ReactElement, { may = WARD_CLINICIAN }: { may?: Permissions } = {}) {
  const user = userEvent.setup();
  const Providers = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={stillTheme}>
      <PermissionsContext.Provider value={may}>{children}</PermissionsContext.Provider>
    </MantineProvider>
  );
  const result = render(ui, { wrapper: Providers });
  return { user, ...result };
}

type Handler = (payload: Record<string, unknown>, headers: Record<string, string>) => unknown;
type Invoke = (cmd: string, args: unknown, options?: { headers?: Record<string, string> }) => Promise<unknown>;

/**
 * What the shell answers, with nothing to show, to the commands that list things: an empty
 * list, never null (their Rust functions answer a `Vec`).
 */
const NOTHING_LISTED = new Set([
  'conflicts',
  'dose_grid',
  'medication_round',
  'my_tasks',
  'news2_alerts',
  'patients',
  'possible_duplicates',
  'quarantine',
  'timeline',
  'ward_board',
]);

/**
 * Mocks the workstation's commands. Commands not given answer as the shell would with
 * nothing to show: an empty list for those that list things, null otherwise; events are mocked too,
 * so `sendEvent` reaches the components listening. Returns a spy with every command call
 * as (cmd, payload, headers); a raw body (a file's bytes) is the payload `{ body }`.
 */
export function mockCommands(handlers: Record<string, Handler>) {
  const calls = vi.fn<(cmd: string, payload: Record<string, unknown>, headers: Record<string, string>) => void>();
  mockIPC((cmd, payload) => {
    const { args, headers } = payload as { args: Record<string, unknown>; headers: Record<string, string> };
    calls(cmd, args, headers);
    const h = handlers[cmd];
    if (h) return h(args, headers);
    return NOTHING_LISTED.has(cmd) ? [] : null;
  }, { shouldMockEvents: true });
  // Tauri's mock drops the call's options; keep its headers (and a raw body) for the handlers.
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: Invoke } }).__TAURI_INTERNALS__;
  const mocked = internals.invoke;
  internals.invoke = (cmd, args, options) => {
    if (cmd.startsWith('plugin:')) return mocked(cmd, args, options);
    const body = args instanceof Uint8Array || args instanceof ArrayBuffer ? { body: args } : (args ?? {});
    return mocked(cmd, { args: body, headers: options?.headers ?? {} }, options);
  };
  return calls;
}

/** Sends a workstation event (e.g. `bedside://progress`) to whoever listens. */
export async function sendEvent(name: string, payload?: unknown) {
  await act(async () => {
    await emit(name, payload);
  });
}

/**
 * Types into a datetime-local field the time `minutes` ago (to the minute), as a nurse charting late would; returns
 * the instant as the workstation receives it (RFC 3339, UTC).
 */
export async function typeMinutesAgo(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, minutes: number) {
  const at = new Date(Date.now() - minutes * 60_000);
  at.setSeconds(0, 0);
  await user.clear(field);
  await user.type(field, localInput(at));
  return at.toISOString().replace('.000Z', 'Z');
}

/** The payloads sent to one command, in order. */
export function callsTo(calls: ReturnType<typeof mockCommands>, cmd: string) {
  return calls.mock.calls.filter(([c]) => c === cmd).map(([, p]) => p);
}

/** The headers sent with each call of one command, in order. */
export function headersTo(calls: ReturnType<typeof mockCommands>, cmd: string) {
  return calls.mock.calls.filter(([c]) => c === cmd).map(([, , h]) => h);
}

export function status(overrides: Partial<Status> = {}): Status {
  return {
    device_id: 'dev-1',
    patients: 3,
    documents: 0,
    pending_changes: 0,
    documents_due: 0,
    uploads_waiting: 0,
    last_sync: '2026-11-23T09:05:00',
    conflicts: 0,
    set_aside: 0,
    enrolled: true,
    server: 'http://127.0.0.1:8080',
    wards: ['DEMO-1'],
    clinician: null,
    may: WARD_CLINICIAN,
    locked: false,
    online: true,
    syncing: false,
    last_error: null,
    ...overrides,
  };
}
