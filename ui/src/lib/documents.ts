import { errorMessage } from './errors';
import type { DocumentCategory } from './types';

export interface CaptureArgs {
  patientId: string;
  category: DocumentCategory;
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  replaceOldest: boolean;
}

/**
 * What `capture_document` reads from headers beside the raw bytes; the file name is
 * percent-encoded, as headers carry only ASCII.
 */
export function captureHeaders(args: CaptureArgs): Record<string, string> {
  return {
    'bedside-patient': args.patientId,
    'bedside-category': args.category,
    'bedside-file-name': encodeURIComponent(args.fileName),
    'bedside-mime-type': args.mimeType,
    'bedside-replace-oldest': String(args.replaceOldest),
  };
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

export async function fileBytes(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await readBuffer(file));
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

/** A document's bytes as UTF-8 text, or null when they are not text. */
export function bytesToText(bytes: ArrayBuffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
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
