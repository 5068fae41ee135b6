import { ApiError, authHeaders, parseError } from './api/client';

/** Name from Content-Disposition's filename* (the server sends the Chinese name there). */
function filenameOf(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  return star ? decodeURIComponent(star[1]) : fallback;
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Downloads a generated file; `onProgress` gets 0–100 while the body arrives (the server sends its
 * length), so a long list export can show a progress bar.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  onProgress?: (percent: number) => void,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { headers: authHeaders() });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) throw await parseError(res);
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body?.getReader();
  const chunks: BlobPart[] = [];
  if (reader) {
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (total) onProgress?.(Math.round((received / total) * 100));
    }
  } else chunks.push(await res.blob());
  onProgress?.(100);
  save(
    new Blob(chunks, { type: res.headers.get('content-type') ?? undefined }),
    filenameOf(res, fallbackName),
  );
}

/** Sends a file as the request body (the import endpoints read the .xlsx itself). */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: 'POST',
      headers: {
        ...authHeaders(),
        Accept: 'application/json',
        'Content-Type': file.type || 'application/octet-stream',
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) throw await parseError(res);
  return (await res.json()) as T;
}
