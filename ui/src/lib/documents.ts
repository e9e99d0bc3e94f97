import { errorMessage } from './errors';
import type { DocumentCategory } from './types';

export interface CaptureArgs {
  patientId: string;
  category: DocumentCategory;
  fileName: string;
  mimeType: string;
  bytes: number[];
  replaceOldest: boolean;
}

const EXT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

/** The file's own type, or one guessed from its extension. */
export function mimeTypeOf(file: { name: string; type: string }): string {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return EXT_TYPES[ext] ?? 'application/octet-stream';
}

export async function fileBytes(file: Blob): Promise<number[]> {
  const buf = await readBuffer(file);
  return Array.from(new Uint8Array(buf));
}

function readBuffer(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

export async function buildCapture(
  patientId: string,
  category: DocumentCategory,
  file: File,
  replaceOldest = false,
): Promise<CaptureArgs> {
  return {
    patientId,
    category,
    fileName: file.name,
    mimeType: mimeTypeOf(file),
    bytes: await fileBytes(file),
    replaceOldest,
  };
}

/** True when the workstation refused the upload because the category is full. */
export function asksToReplaceOldest(err: unknown): boolean {
  return /replace the oldest/i.test(errorMessage(err));
}

export function isImage(mime: string): boolean {
  return mime.startsWith('image/');
}

export function dataUrl(mime: string, base64: string): string {
  return `data:${mime};base64,${base64}`;
}

export function base64ToText(base64: string): string {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

export function canStamp(category: string): boolean {
  return category === 'lab' || category === 'radiology';
}

/** Count per category: the chart's tiles when given, otherwise counted from live documents. */
export function tileCounts(
  categories: readonly string[],
  tiles: { category: string; count: number }[],
  documents: { category: string; deleted: unknown }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of categories) counts[c] = 0;
  if (tiles.length > 0) {
    for (const t of tiles) counts[t.category] = t.count;
  } else {
    for (const d of documents) if (!d.deleted) counts[d.category] = (counts[d.category] ?? 0) + 1;
  }
  return counts;
}
