'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy, PDFWorker, RenderTask } from 'pdfjs-dist';

/**
 * Renders a PDF to canvases with Mozilla's pdf.js, so phones without a built-in PDF viewer (mobile
 * Chrome, WebViews, headless Chromium) can read the document before signing it.
 *
 * - pdf.js is imported only in the browser (dynamic import inside an effect), never during SSR.
 * - Its worker is bundled by Turbopack from `new Worker(new URL(..., import.meta.url))`: no files
 *   copied to public/, no CDN. One worker per document, terminated on unmount.
 * - Rendering is passive: no eval (`isEvalSupported: false`), no XFA, no annotation/form layer, no
 *   scripting sandbox (pdf.js only runs document JavaScript through its viewer's scripting
 *   manager, which is never loaded here), so links and actions in the PDF are inert.
 * - Pages render only when they come near the visible part of the scroll box (IntersectionObserver)
 *   and release their canvas when they leave it, so a 200-page PDF keeps a handful of canvases.
 *
 * The legacy build is used on purpose: the "modern" build calls APIs such as
 * `Map.prototype.getOrInsertComputed` without polyfills, which older phone browsers lack.
 */

type PdfJs = typeof import('pdfjs-dist');

type Loaded =
  | { forUrl: string; phase: 'loading' }
  | { forUrl: string; phase: 'ready'; doc: PDFDocumentProxy; numPages: number; aspect: number }
  | { forUrl: string; phase: 'error'; reason: string };

/** Zoom steps relative to "page fits the box width". */
const ZOOMS = [1, 1.5, 2, 3] as const;
/** Device pixels per CSS pixel are capped: sharper than this is not visible, only costs memory. */
const MAX_OUTPUT_SCALE = 3;
/** Per-canvas pixel budget (iOS Safari refuses canvases above 16.7 Mpx; stay well below). */
const MAX_CANVAS_PIXELS = 8_000_000;
/** Render pages this far outside the visible box (in box heights), release them beyond it. */
const NEAR_MARGIN = '150% 0px';

function describe(error: unknown): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'PasswordException') return 'This PDF is password-protected, so it can’t be previewed here.';
  if (name === 'InvalidPDFException') return 'This file could not be read as a PDF.';
  return 'This PDF can’t be previewed on this device.';
}

/** The page boxes, in order (the scroll box's offsetParent-relative layout is used for "Page N of M"). */
const pageElements = (scroller: HTMLElement): HTMLCollection | never[] => scroller.querySelector('.pdf-pages')?.children ?? [];

const isCancelled = (error: unknown) => (error as { name?: string } | null)?.name === 'RenderingCancelledException';

export function PdfPreview({ url, fileName }: { url: string; fileName: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ forUrl: url, phase: 'loading' });
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  const [zoomIndex, setZoomIndex] = useState(0);
  const [currentPage, setCurrentPage] = useState(1);
  const anchor = useRef<{ page: number; fraction: number; centerX: number; ratio: number } | null>(null);

  // A new url means a new document: until its effect reports, show it as loading.
  const state: Loaded = loaded.forUrl === url ? loaded : { forUrl: url, phase: 'loading' };
  const zoom = ZOOMS[zoomIndex] ?? 1;
  const pageWidth = Math.floor(boxWidth * zoom);

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

  // Fit pages to the box's content width; follows rotation and window resizes.
  useEffect(() => {
    if (!scroller) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setBoxWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [scroller]);

  // "Page N of M": the page under a line a third of the way down the box.
  useEffect(() => {
    if (!scroller) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const line = scroller.scrollTop + scroller.clientHeight / 3;
      const els = pageElements(scroller);
      let lo = 0;
      let hi = els.length - 1;
      let found = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const el = els[mid];
        if (el instanceof HTMLElement && el.offsetTop <= line) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      setCurrentPage(found + 1);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scroller]);

  // After a zoom change, keep the same spot of the same page in view.
  useLayoutEffect(() => {
    const a = anchor.current;
    if (!scroller || !a) return;
    anchor.current = null;
    const el = pageElements(scroller)[a.page];
    scroller.scrollTo({
      top: el instanceof HTMLElement ? el.offsetTop + a.fraction * el.offsetHeight - scroller.clientHeight / 3 : scroller.scrollTop * a.ratio,
      left: a.centerX * a.ratio - scroller.clientWidth / 2,
    });
  }, [zoomIndex, scroller]);

  function changeZoom(delta: number) {
    const next = Math.min(ZOOMS.length - 1, Math.max(0, zoomIndex + delta));
    if (next === zoomIndex || !scroller) return;
    const page = currentPage - 1;
    const el = pageElements(scroller)[page];
    const line = scroller.scrollTop + scroller.clientHeight / 3;
    anchor.current = {
      page,
      fraction: el instanceof HTMLElement && el.offsetHeight ? (line - el.offsetTop) / el.offsetHeight : 0,
      centerX: scroller.scrollLeft + scroller.clientWidth / 2,
      ratio: (ZOOMS[next] ?? 1) / zoom,
    };
    setZoomIndex(next);
  }

  if (state.phase === 'error') {
    return (
      <div className="pdf-fallback" role="alert" data-testid="pdf-preview" data-state="error">
        <p className="muted small">{state.reason}</p>
        <a className="btn btn-secondary btn-sm" href={url} download={fileName}>
          Download the PDF to read it
        </a>
      </div>
    );
  }

  const ready = state.phase === 'ready' ? state : null;
  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-state={state.phase} data-pages={ready?.numPages}>
      <div className="pdf-toolbar">
        <span className="small muted" aria-live="polite" data-testid="pdf-page-count">
          {ready ? `Page ${Math.min(currentPage, ready.numPages)} of ${ready.numPages}` : 'Loading…'}
        </span>
        {ready && (
          <span className="pdf-zoom">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => changeZoom(-1)} disabled={zoomIndex === 0} aria-label="Zoom out">
              −
            </button>
            <span className="small muted" style={{ minWidth: '3.2em', textAlign: 'center' }}>
              {Math.round(zoom * 100)}%
            </span>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => changeZoom(1)} disabled={zoomIndex === ZOOMS.length - 1} aria-label="Zoom in">
              +
            </button>
          </span>
        )}
      </div>
      <div className="pdf-scroller" ref={setScroller} aria-label={`Preview of ${fileName}`} role="region" tabIndex={0}>
        {!ready && <div className="pdf-loading muted small">Loading preview…</div>}
        {ready && pageWidth > 0 && (
          <div className="pdf-pages">
            {Array.from({ length: ready.numPages }, (_, i) => (
              <PdfPage
                key={i}
                doc={ready.doc}
                pageNumber={i + 1}
                numPages={ready.numPages}
                width={pageWidth}
                defaultAspect={ready.aspect}
                root={scroller}
              />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

function PdfPage({
  doc,
  pageNumber,
  numPages,
  width,
  defaultAspect,
  root,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  numPages: number;
  width: number;
  defaultAspect: number;
  root: HTMLDivElement | null;
}) {
  const holderRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [aspect, setAspect] = useState<number | null>(null);
  const [renderedAt, setRenderedAt] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const holder = holderRef.current;
    if (!holder || !root) return;
    const observer = new IntersectionObserver(
      ([entry]) => {
        const isNear = Boolean(entry?.isIntersecting);
        setNear(isNear);
        // Its canvas goes away; coming back means rendering again.
        if (!isNear) setRenderedAt(null);
      },
      { root, rootMargin: NEAR_MARGIN },
    );
    observer.observe(holder);
    return () => observer.disconnect();
  }, [root]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!near || !canvas || width <= 0) return;
    let cancelled = false;
    let page: PDFPageProxy | null = null;
    let task: RenderTask | null = null;
    void (async () => {
      try {
        page = await doc.getPage(pageNumber);
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        setAspect(base.height / base.width);
        const viewport = page.getViewport({ scale: width / base.width });
        const budget = Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height));
        const outputScale = Math.max(0.5, Math.min(window.devicePixelRatio || 1, MAX_OUTPUT_SCALE, budget));
        canvas.width = Math.floor(viewport.width * outputScale);
        canvas.height = Math.floor(viewport.height * outputScale);
        task = page.render({
          canvas,
          viewport,
          transform: outputScale !== 1 ? [outputScale, 0, 0, outputScale, 0, 0] : undefined,
          background: '#ffffff',
        });
        await task.promise;
        if (!cancelled) {
          setFailed(false);
          setRenderedAt(width);
        }
      } catch (error) {
        if (!cancelled && !isCancelled(error)) setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
      // Give the memory back: a 0×0 canvas holds no bitmap (iOS caps total canvas memory).
      canvas.width = 0;
      canvas.height = 0;
      page?.cleanup();
    };
  }, [near, width, doc, pageNumber]);

  const shown = near && renderedAt === width;
  const height = Math.round(width * (aspect ?? defaultAspect));
  return (
    <div
      className="pdf-page"
      ref={holderRef}
      style={{ width, height }}
      data-page={pageNumber}
      data-rendered={shown ? 'true' : 'false'}
    >
      {/* Only pages near the view have a canvas at all: 200 idle 300×150 canvases are not free. */}
      {near && <canvas ref={canvasRef} role="img" aria-label={`Page ${pageNumber} of ${numPages}`} style={{ visibility: shown ? 'visible' : 'hidden' }} />}
      {!shown && <div className="pdf-page-placeholder">{failed ? `Page ${pageNumber} could not be displayed.` : `Page ${pageNumber}`}</div>}
    </div>
  );
}
