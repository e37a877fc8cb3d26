/** Sending a file to `POST /attachments/upload` (multipart), with progress, and reading its answer. */

export interface UploadError {
  field: string | null;
  message: string;
  code: string;
}

export type UploadOutcome = { ok: true } | { ok: false; errors: UploadError[] };

/** "12 KB", "3.4 MB": a size for people (1024-based, one decimal under 10). */
export function formatSize(bytes: number, language = 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** What the panel shows of a file: a picture, a PDF, or only a download. */
export function previewKind(contentType: string): 'image' | 'pdf' | null {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType === 'application/pdf') return 'pdf';
  return null;
}

/**
 * A link the API made (absolute, on the workspace's host) as a path on this page's host: the browser
 * sends the session cookie with it, whatever port or scheme the server wrote.
 */
export function samePath(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/** The server's answer (JSON) as an outcome; anything unreadable is one `network` error. */
export function outcomeOf(status: number, body: string): UploadOutcome {
  if (status >= 200 && status < 300) return { ok: true };
  try {
    const parsed = JSON.parse(body) as { errors?: UploadError[] };
    if (parsed.errors?.length) return { ok: false, errors: parsed.errors };
  } catch {
    // not JSON: a proxy's page, a dropped connection
  }
  return { ok: false, errors: [{ field: null, message: '', code: 'network' }] };
}

/** Upload one file to a record; `onProgress` hears 0–100 while the bytes go out. */
export function uploadFile(recordId: string, file: File, onProgress: (percent: number) => void): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('recordId', recordId);
    form.append('file', file, file.name);
    const request = new XMLHttpRequest();
    request.open('POST', '/attachments/upload');
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    request.onload = () => resolve(outcomeOf(request.status, request.responseText));
    request.onerror = () => resolve(outcomeOf(0, ''));
    request.send(form);
  });
}
