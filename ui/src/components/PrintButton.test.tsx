import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { PrintButton } from './PrintButton';
import { api } from '../lib/api';
import { callsTo, mockCommands, renderUI } from '../test/render';

describe('PrintButton', () => {
  it('makes the PDF, says it is ready and opens it in the system viewer to print', async () => {
    const path = '/run/user/1000/bedside-printouts/handover-20261207-0300.pdf';
    const calls = mockCommands({ print_handover: () => path, open_printout: () => null });
    const { user } = renderUI(<PrintButton label="Handover sheet" make={api.printHandover} testId="print-handover" />);
    await user.click(screen.getByTestId('print-handover'));
    const ready = await screen.findByTestId('print-handover-ready');
    expect(ready).toHaveTextContent('handover-20261207-0300.pdf is ready (PDF, deleted at logout).');
    expect(ready).toHaveAttribute('data-path', path);
    await user.click(screen.getByRole('button', { name: 'Open to print' }));
    await waitFor(() => expect(callsTo(calls, 'open_printout')).toEqual([{ path }]));
  });

  it('says why when the printout could not be made', async () => {
    mockCommands({
      print_wristband: () => {
        throw { code: 'NOT_FOUND', message: 'patient not found' };
      },
    });
    const { user } = renderUI(
      <PrintButton label="Wristband" make={() => api.printWristband('p1')} testId="print-wristband" />,
    );
    await user.click(screen.getByTestId('print-wristband'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('patient not found');
    expect(screen.queryByTestId('print-wristband-ready')).toBeNull();
  });
});
