'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { PdfPage } from './pdf-page';
import { usePdfDocument } from './use-pdf-document';

/** Zoom steps relative to "page fits the box width". */
const ZOOMS = [1, 1.5, 2, 3] as const;
/** The page boxes, in order (the scroll box's offsetParent-relative layout is used for "Page N of M"). */
const pageElements = (scroller: HTMLElement): HTMLCollection | never[] => scroller.querySelector('.pdf-pages')?.children ?? [];

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
export function PdfPreview({ url, fileName }: { url: string; fileName: string }) {
  const t = useTranslations('pdf');
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  const [zoomIndex, setZoomIndex] = useState(0);
  const [currentPage, setCurrentPage] = useState(1);
  const anchor = useRef<{ page: number; fraction: number; centerX: number; ratio: number } | null>(null);

  const state = usePdfDocument(url);
  const zoom = ZOOMS[zoomIndex] ?? 1;
  const pageWidth = Math.floor(boxWidth * zoom);

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
        <p className="muted small">{t(state.reason)}</p>
        <a className="btn btn-secondary btn-sm" href={url} download={fileName}>
          {t('downloadToRead')}
        </a>
      </div>
    );
  }

  const ready = state.phase === 'ready' ? state : null;
  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-state={state.phase} data-pages={ready?.numPages}>
      <div className="pdf-toolbar">
        <span className="small muted" aria-live="polite" data-testid="pdf-page-count">
          {ready ? t('pageOf', { page: Math.min(currentPage, ready.numPages), total: ready.numPages }) : t('loading')}
        </span>
        {ready && (
          <span className="pdf-zoom">
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => changeZoom(-1)} disabled={zoomIndex === 0} aria-label={t('zoomOut')}>
              −
            </button>
            <span className="small muted" style={{ minWidth: '3.2em', textAlign: 'center' }}>
              {Math.round(zoom * 100)}%
            </span>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => changeZoom(1)} disabled={zoomIndex === ZOOMS.length - 1} aria-label={t('zoomIn')}>
              +
            </button>
          </span>
        )}
      </div>
      <div className="pdf-scroller" ref={setScroller} aria-label={t('previewOf', { name: fileName })} role="region" tabIndex={0}>
        {!ready && <div className="pdf-loading muted small">{t('loadingPreview')}</div>}
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
