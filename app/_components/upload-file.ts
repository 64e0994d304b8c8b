'use client';

import type { DocumentView } from '@/lib/documents/upload-document';
import { csrfHeaders } from './csrf';
import { ApiError } from './hash-file';

export type { DocumentView };

/** POSTs the raw file with the hash the browser computed; reports bytes sent. */
export function uploadWithProgress(file: File, sha256: string, onProgress: (n: number) => void): Promise<DocumentView> {
  // XMLHttpRequest because fetch has no upload progress; the File is streamed from disk by the browser.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-Signet-Sha256', sha256);
    xhr.setRequestHeader('X-Signet-Filename', encodeURIComponent(file.name));
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 201) resolve(body as DocumentView);
      else {
        const err = (body as { error?: { code: string; message: string } } | null)?.error;
        reject(new ApiError(err?.code ?? `HTTP_${xhr.status}`, err?.message ?? `upload failed with HTTP ${xhr.status}`, xhr.status));
      }
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', 'the upload was interrupted (network error or the server closed the connection)', 0));
    xhr.send(file);
  });
}

export function titleFromName(name: string): string {
  return name.replace(/\.[A-Za-z0-9]{1,6}$/, '').replace(/[_-]+/g, ' ').trim() || name;
}

