import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { LoginScreen } from './LoginScreen';
import { callsTo, mockCommands, renderUI } from '../test/render';

const clinician = { user_id: 'u1', username: 'demo.doctor', display_name: 'Dr Demo', roles: ['DOCTOR'], offline: false };

describe('LoginScreen', () => {
  it('puts the test ids on the real input elements', () => {
    mockCommands({});
    renderUI(<LoginScreen onLoggedIn={() => {}} />);
    expect(screen.getByTestId('login-username').tagName).toBe('INPUT');
    expect(screen.getByTestId('login-password').tagName).toBe('INPUT');
    expect(screen.getByTestId('login-submit').tagName).toBe('BUTTON');
  });

  it('calls login with the typed values', async () => {
    const calls = mockCommands({ login: () => clinician });
    const onLoggedIn = vi.fn();
    const { user } = renderUI(<LoginScreen onLoggedIn={onLoggedIn} />);
    await user.type(screen.getByTestId('login-username'), 'demo.doctor');
    await user.type(screen.getByTestId('login-password'), 'bedside-demo');
    await user.click(screen.getByTestId('login-submit'));
    await vi.waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith(clinician));
    expect(callsTo(calls, 'login')).toEqual([{ username: 'demo.doctor', password: 'bedside-demo' }]);
  });

  it('shows the message when login is refused', async () => {
    mockCommands({
      login: () => {
        throw { code: 'UNAUTHENTICATED', message: 'Wrong username or password.' };
      },
    });
    const onLoggedIn = vi.fn();
    const { user } = renderUI(<LoginScreen onLoggedIn={onLoggedIn} />);
    await user.type(screen.getByTestId('login-username'), 'demo.doctor');
    await user.type(screen.getByTestId('login-password'), 'nope');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Wrong username or password.');
    expect(onLoggedIn).not.toHaveBeenCalled();
  });
});
