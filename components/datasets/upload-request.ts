// Sends a CSV file to POST /api/datasets as the raw request body (the server streams it; no
// multipart). XMLHttpRequest rather than fetch because only it reports upload progress.
import { interpretUploadResponse, type UploadOutcome } from './upload-response';

export function uploadCsv(input: { name: string; description?: string; file: File; onProgress?: (fraction: number) => void }): Promise<UploadOutcome> {
  const q = new URLSearchParams({ name: input.name, filename: input.file.name });
  if (input.description) q.set('description', input.description);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/datasets?${q.toString()}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) input.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => resolve(interpretUploadResponse(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve(interpretUploadResponse(0, ''));
    xhr.send(input.file);
  });
}
