import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { mockIPC } from '@tauri-apps/api/mocks';
import { vi } from 'vitest';
import { theme } from '../theme';
import type { Status } from '../lib/types';

export function renderUI(ui: ReactElement) {
  const user = userEvent.setup();
  const result = render(<MantineProvider theme={theme}>{ui}</MantineProvider>);
  return { user, ...result };
}

type Handler = (payload: Record<string, unknown>) => unknown;

/**
 * Mocks the workstation's commands. Unknown commands (including the event plugin's
 * listen/unlisten) answer null. Returns a spy with every call as (cmd, payload).
 */
export function mockCommands(handlers: Record<string, Handler>) {
  const calls = vi.fn<(cmd: string, payload: Record<string, unknown>) => void>();
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls(cmd, args);
    const h = handlers[cmd];
    return h ? h(args) : null;
  });
  return calls;
}

/** The payloads sent to one command, in order. */
export function callsTo(calls: ReturnType<typeof mockCommands>, cmd: string) {
  return calls.mock.calls.filter(([c]) => c === cmd).map(([, p]) => p);
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
    enrolled: true,
    server: 'http://127.0.0.1:8080',
    wards: ['DEMO-1'],
    clinician: null,
    locked: false,
    online: true,
    syncing: false,
    last_error: null,
    ...overrides,
  };
}
