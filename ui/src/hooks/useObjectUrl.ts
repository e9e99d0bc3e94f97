import { useEffect, useState } from 'react';

/** A `blob:` URL for `bytes` of type `mime` while they are shown, released after; null for none. */
export function useObjectUrl(bytes: ArrayBuffer | null, mime: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!bytes || bytes.byteLength === 0) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(new Blob([bytes], { type: mime }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [bytes, mime]);
  return url;
}
