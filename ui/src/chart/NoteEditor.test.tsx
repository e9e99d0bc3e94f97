import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { NoteEditor } from './NoteEditor';
import type { EditingNote } from './NotesTab';
import { callsTo, mockCommands, renderUI } from '../test/render';

function Harness({ reload }: { reload: () => Promise<void> }) {
  const [v, setV] = useState<EditingNote>({ noteId: null, kind: 'progress', text: '' });
  return <NoteEditor patientId="p1" value={v} onChange={setV} reload={reload} kinds={['progress', 'nursing', 'operative', 'discharge']} />;
}

describe('NoteEditor', () => {
  it('puts the test ids on the select and textarea', () => {
    mockCommands({});
    renderUI(<Harness reload={async () => {}} />);
    expect(screen.getByTestId('note-kind').tagName).toBe('SELECT');
    expect(screen.getByTestId('note-text').tagName).toBe('TEXTAREA');
  });

  it('"Save draft" then "Sign" clicked at once begins one note, then signs that note', async () => {
    let resolveBegin: (id: string) => void = () => {};
    const calls = mockCommands({
      begin_note: () => new Promise<string>((r) => (resolveBegin = r)),
    });
    const reload = vi.fn(async () => {});
    const { user } = renderUI(<Harness reload={reload} />);
    await user.selectOptions(screen.getByTestId('note-kind'), 'operative');
    await user.type(screen.getByTestId('note-text'), 'Plan: mobilise.');
    await user.click(screen.getByTestId('note-save'));
    await user.click(screen.getByTestId('note-sign'));
    await waitFor(() => expect(callsTo(calls, 'begin_note')).toHaveLength(1));
    resolveBegin('n1');
    await waitFor(() => expect(callsTo(calls, 'sign_note')).toEqual([{ patientId: 'p1', noteId: 'n1' }]));
    expect(callsTo(calls, 'begin_note')).toEqual([{ patientId: 'p1', kind: 'operative', text: 'Plan: mobilise.' }]);
    expect(callsTo(calls, 'write_note')).toEqual([{ patientId: 'p1', noteId: 'n1', text: 'Plan: mobilise.' }]);
    await waitFor(() => expect(screen.getByTestId('note-text')).toHaveValue(''));
  });

  it('shows a refusal in words', async () => {
    mockCommands({
      begin_note: () => {
        throw { code: 'FORBIDDEN', message: 'Nurses cannot write operative notes.' };
      },
    });
    const { user } = renderUI(<Harness reload={async () => {}} />);
    await user.type(screen.getByTestId('note-text'), 'x');
    await user.click(screen.getByTestId('note-save'));
    expect(await screen.findByTestId('error-message')).toHaveTextContent('Nurses cannot write operative notes.');
  });
});
