import { describe, expect, it } from 'vitest';
import { asksToReplaceOldest, buildCapture, bytesToText, captureHeaders, mimeTypeOf, tileCounts } from './documents';

describe('documents', () => {
  it('builds capture arguments with the file bytes', async () => {
    const file = new File([new Uint8Array([1, 2, 255])], 'cbc.png', { type: 'image/png' });
    expect(await buildCapture('p1', 'lab', file)).toEqual({
      patientId: 'p1',
      category: 'lab',
      fileName: 'cbc.png',
      mimeType: 'image/png',
      bytes: new Uint8Array([1, 2, 255]),
      replaceOldest: false,
    });
  });

  it('guesses the type from the extension when the file has none', () => {
    expect(mimeTypeOf({ name: 'scan.JPG', type: '' })).toBe('image/jpeg');
    expect(mimeTypeOf({ name: 'blob', type: '' })).toBe('application/octet-stream');
  });

  it('recognises the "replace the oldest" refusal', () => {
    expect(asksToReplaceOldest({ code: 'VALIDATION_ERROR', message: 'Three pre-op images already; replace the oldest?' })).toBe(true);
    expect(asksToReplaceOldest({ code: 'FORBIDDEN', message: 'Not your ward' })).toBe(false);
  });

  it('counts tiles from the chart, or from live documents', () => {
    const cats = ['preop', 'lab'];
    expect(tileCounts(cats, [{ category: 'lab', count: 2 }], [])).toEqual({ preop: 0, lab: 2 });
    expect(tileCounts(cats, [], [{ category: 'preop', deleted: null }, { category: 'preop', deleted: { by: 'x' } }])).toEqual({ preop: 1, lab: 0 });
  });

  it('reads UTF-8 text, and says when bytes are not text', () => {
    expect(bytesToText(new TextEncoder().encode('Hb 12.1 g/dL · Größe').buffer)).toBe('Hb 12.1 g/dL · Größe');
    expect(bytesToText(new Uint8Array([0xff, 0xfe, 0x00]).buffer)).toBeNull();
  });

  it('sends what the file is in ASCII headers, the name percent-encoded', () => {
    const args = { patientId: 'p1', category: 'lab' as const, fileName: 'Größe 1.txt', mimeType: 'text/plain', bytes: new Uint8Array(), replaceOldest: true };
    expect(captureHeaders(args)).toEqual({
      'bedside-patient': 'p1',
      'bedside-category': 'lab',
      'bedside-file-name': 'Gr%C3%B6%C3%9Fe%201.txt',
      'bedside-mime-type': 'text/plain',
      'bedside-replace-oldest': 'true',
    });
  });
});
