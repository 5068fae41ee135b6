import { request } from './api/client';

/** Downloads need the bearer token, so the file is fetched and handed to the browser as a blob URL. */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const blob = await request<Blob>('GET', path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
