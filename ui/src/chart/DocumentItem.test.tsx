import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { DocumentItem } from './DocumentItem';
import { callsTo, mockCommands, renderUI } from '../test/render';
import type { DocumentRef, Entry } from '../lib/types';

const doc = (over: Partial<Entry<DocumentRef>>): Entry<DocumentRef> => ({
  record_id: 'd1',
  category: 'lab',
  file_name: 'cbc.txt',
  mime_type: 'text/plain',
  size: 19,
  sha256: 'a'.repeat(64),
  thumbnail_sha256: null,
  uploaded_by: 'Nurse N',
  captured_at: '2026-11-23T08:00:00Z',
  stamps: [],
  deleted: null,
  ...over,
});

// jsdom has no object URLs; the window's WebKit does.
const made: Blob[] = [];
const { createObjectURL, revokeObjectURL } = URL;
beforeEach(() => {
  made.length = 0;
  URL.createObjectURL = vi.fn((blob: Blob) => {
    made.push(blob);
    return `blob:doc-${made.length}`;
  });
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('DocumentItem', () => {
  it('opens a text report from its raw bytes', async () => {
    const calls = mockCommands({ open_document: () => new TextEncoder().encode('Hb 12.1 g/dL · Größe').buffer });
    const { user } = renderUI(<DocumentItem patientId="p1" doc={doc({})} mayChange reload={async () => {}} />);
    await user.click(screen.getByTestId('doc-open'));
    expect(await screen.findByTestId('doc-viewer')).toHaveTextContent('Hb 12.1 g/dL · Größe');
    expect(callsTo(calls, 'open_document')).toEqual([{ patientId: 'p1', documentId: 'd1', thumbnail: false }]);
  });

  it('says when a text document is not text', async () => {
    mockCommands({ open_document: () => new Uint8Array([0xff, 0xfe, 0x00]).buffer });
    const { user } = renderUI(<DocumentItem patientId="p1" doc={doc({})} mayChange reload={async () => {}} />);
    await user.click(screen.getByTestId('doc-open'));
    expect(await screen.findByTestId('doc-viewer')).toHaveTextContent('could not be read as text');
  });

  it('shows an image’s thumbnail and the image itself through object URLs of their bytes', async () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    mockCommands({ open_document: ({ thumbnail }) => (thumbnail ? png.slice(0, 2).buffer : png.buffer) });
    const image = doc({ file_name: 'wound.jpg', mime_type: 'image/jpeg', thumbnail_sha256: 'b'.repeat(64) });
    const { user, unmount } = renderUI(<DocumentItem patientId="p1" doc={image} mayChange reload={async () => {}} />);
    expect(await screen.findByTestId('doc-thumb')).toHaveAttribute('src', 'blob:doc-1');
    expect(made[0].type).toBe('image/png');
    expect(made[0].size).toBe(2);

    await user.click(screen.getByTestId('doc-open'));
    await waitFor(() => expect(screen.getByAltText('wound.jpg')).toHaveAttribute('src', 'blob:doc-2'));
    expect(made[1].type).toBe('image/jpeg');
    expect(made[1].size).toBe(4);
    unmount();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:doc-1');
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:doc-2');
  });
});
