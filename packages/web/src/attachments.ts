import type { AttachmentRef } from '@pm/form-renderer';
import { request } from './api/client';

export async function uploadAttachment(taskId: string, file: File): Promise<AttachmentRef> {
  const body = new FormData();
  body.append('file', file, file.name);
  const saved = await request<AttachmentRef & { contentType: string }>(
    'POST',
    `/tasks/${taskId}/attachments`,
    body,
  );
  return { id: saved.id, name: saved.name, size: saved.size, contentType: saved.contentType };
}

/** Downloads need the bearer token, so the file is fetched and handed to the browser as a blob URL. */
export async function downloadAttachment(ref: { id: string; name: string }): Promise<void> {
  const blob = await request<Blob>('GET', `/attachments/${ref.id}`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = ref.name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
