import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { DocumentUpload } from './DocumentUpload';
import { callsTo, headersTo, mockCommands, renderUI } from '../test/render';

describe('DocumentUpload', () => {
  it('sends the chosen file as bytes with its category and type', async () => {
    const calls = mockCommands({ capture_document: () => 'doc-1' });
    const onUploaded = vi.fn();
    const { user } = renderUI(<DocumentUpload patientId="p1" onUploaded={onUploaded} />);
    const input = screen.getByTestId('doc-file') as HTMLInputElement;
    expect(input.tagName).toBe('INPUT');
    expect(input.type).toBe('file');
    expect(screen.getByTestId('doc-category').tagName).toBe('SELECT');

    await user.selectOptions(screen.getByTestId('doc-category'), 'lab');
    await user.upload(input, new File([new Uint8Array([137, 80, 78, 71])], 'cbc.png', { type: 'image/png' }));
    await user.click(screen.getByTestId('doc-upload'));
    await waitFor(() => expect(onUploaded).toHaveBeenCalled());
    expect(callsTo(calls, 'capture_document')).toEqual([{ body: new Uint8Array([137, 80, 78, 71]) }]);
    expect(headersTo(calls, 'capture_document')).toEqual([
      {
        'bedside-patient': 'p1',
        'bedside-category': 'lab',
        'bedside-file-name': 'cbc.png',
        'bedside-mime-type': 'image/png',
        'bedside-replace-oldest': 'false',
      },
    ]);
  });

  it('offers to replace the oldest pre-op image and retries with replaceOldest', async () => {
    const calls = mockCommands({
      capture_document: (_, headers) => {
        if (headers['bedside-replace-oldest'] !== 'true') throw { code: 'VALIDATION_ERROR', message: 'Pre-op already has three images: replace the oldest?' };
        return 'doc-4';
      },
    });
    const onUploaded = vi.fn();
    const { user } = renderUI(<DocumentUpload patientId="p1" onUploaded={onUploaded} />);
    expect(screen.getByTestId('doc-category')).toHaveValue('preop');
    await user.upload(screen.getByTestId('doc-file'), new File(['jpg'], 'wound.jpg', { type: 'image/jpeg' }));
    await user.click(screen.getByTestId('doc-upload'));
    expect(await screen.findByTestId('doc-replace-prompt')).toHaveTextContent('replace the oldest');
    expect(onUploaded).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('doc-replace-confirm'));
    await waitFor(() => expect(onUploaded).toHaveBeenCalled());
    const sent = headersTo(calls, 'capture_document');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({
      'bedside-category': 'preop',
      'bedside-file-name': 'wound.jpg',
      'bedside-mime-type': 'image/jpeg',
      'bedside-replace-oldest': 'true',
    });
    expect(callsTo(calls, 'capture_document')[1]).toEqual({ body: new Uint8Array([106, 112, 103]) });
  });

  it('shows other refusals as an error', async () => {
    mockCommands({
      capture_document: () => {
        throw { code: 'FORBIDDEN', message: 'You cannot add documents to this chart.' };
      },
    });
    const { user } = renderUI(<DocumentUpload patientId="p1" onUploaded={() => {}} />);
    await user.upload(screen.getByTestId('doc-file'), new File(['x'], 'a.txt', { type: 'text/plain' }));
    await user.click(screen.getByTestId('doc-upload'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('You cannot add documents to this chart.');
    expect(screen.queryByTestId('doc-replace-prompt')).toBeNull();
  });
});
