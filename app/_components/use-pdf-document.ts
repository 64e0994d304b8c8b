'use client';

import { useEffect, useState } from 'react';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');

export type PdfDocumentState =
  | { forUrl: string; phase: 'loading' }
  | { forUrl: string; phase: 'ready'; doc: PDFDocumentProxy; numPages: number; aspect: number }
  | { forUrl: string; phase: 'error'; reason: string };

function describe(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  // A catalogue key under "pdf" (the preview translates it).
  if (name === 'PasswordException') return 'passwordProtected';
  if (name === 'InvalidPDFException') return 'invalid';
  return 'unsupported';
}

/**
 * Loads a PDF with pdf.js in the browser only (dynamic import inside an effect, never during SSR),
 * with its own worker, destroyed with the document when the url changes or the component unmounts.
 */
export function usePdfDocument(url: string): PdfDocumentState {
  const [loaded, setLoaded] = useState<PdfDocumentState>({ forUrl: url, phase: 'loading' });

  // Load the document (pdf.js and its worker are created here, in the browser only).
  useEffect(() => {
    let cancelled = false;
    let port: Worker | null = null;
    let pdfWorker: PDFWorker | null = null;
    let task: PDFDocumentLoadingTask | null = null;
    const fail = (error: unknown) => {
      if (!cancelled) setLoaded({ forUrl: url, phase: 'error', reason: describe(error) });
    };
    void (async () => {
      try {
        const [pdfjs, bytes] = await Promise.all([
          import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<PdfJs>,
          fetch(url).then((res) => {
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            return res.arrayBuffer();
          }),
        ]);
        if (cancelled) return;
        // Turbopack sees `new Worker(new URL(...))` and bundles the worker into its own chunks
        // (served from /_next/static, started as a classic worker by its bootstrap). Other
        // bundlers load the .mjs file itself, hence `type: 'module'`.
        port = new Worker(new URL('pdfjs-dist/legacy/build/pdf.worker.min.mjs', import.meta.url), { type: 'module', name: 'pdfjs' });
        // pdf.js does not watch a worker it was handed: a worker that cannot start would leave
        // the preview "loading" forever, so report it here.
        port.addEventListener('error', (event) => {
          event.preventDefault();
          fail(new Error('pdf.js worker failed to start'));
        });
        pdfWorker = pdfjs.PDFWorker.create({ port, name: 'pdfjs' });
        task = pdfjs.getDocument({
          data: new Uint8Array(bytes),
          worker: pdfWorker,
          isEvalSupported: false,
          enableXfa: false,
          stopAtErrors: false,
        });
        const doc = await task.promise;
        if (cancelled) return;
        const first = await doc.getPage(1);
        const base = first.getViewport({ scale: 1 });
        if (cancelled) return;
        setLoaded({ forUrl: url, phase: 'ready', doc, numPages: doc.numPages, aspect: base.height / base.width });
      } catch (error) {
        fail(error);
      }
    })();
    return () => {
      cancelled = true;
      void task?.destroy().catch(() => undefined);
      pdfWorker?.destroy();
      port?.terminate();
    };
  }, [url]);

  // A new url means a new document: until its effect reports, show it as loading.
  return loaded.forUrl === url ? loaded : { forUrl: url, phase: 'loading' };
}
