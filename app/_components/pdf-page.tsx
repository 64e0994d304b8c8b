'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';

/** Device pixels per CSS pixel are capped: sharper than this is not visible, only costs memory. */
const MAX_OUTPUT_SCALE = 3;
/** Per-canvas pixel budget (iOS Safari refuses canvases above 16.7 Mpx; stay well below). */
const MAX_CANVAS_PIXELS = 8_000_000;
/** Render pages this far outside the visible box (in box heights), release them beyond it. */
const NEAR_MARGIN = '150% 0px';

const isCancelled = (error: unknown) => (error as { name?: string } | null)?.name === 'RenderingCancelledException';

/**
 * One page of a PdfPreview: a placeholder of the right size, with a canvas only while the page is
 * near the visible part of the scroll box (rendered then, released when it leaves).
 */
export function PdfPage({
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
  const t = useTranslations('pdf');
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
      {near && <canvas ref={canvasRef} role="img" aria-label={t('pageOf', { page: pageNumber, total: numPages })} style={{ visibility: shown ? 'visible' : 'hidden' }} />}
      {!shown && <div className="pdf-page-placeholder">{failed ? `Page ${pageNumber} could not be displayed.` : `Page ${pageNumber}`}</div>}
    </div>
  );
}
