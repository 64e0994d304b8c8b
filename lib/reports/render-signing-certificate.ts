import { PDF, type EmbeddedFont, type PDFPage } from '@libpdf/core';
import { formatBytes, formatDateTime } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import { A4, ACCENT, BAND, INK, MARGIN, MUTED, RULE, drawQr, embedFonts, fit, groups } from '../pdf/layout';
import { pdfTranslator } from '../pdf/translate';
import type { CertificateSignerFacts, SigningCertificateFacts } from './signing-certificate-facts';

export interface CertificateView {
  locale: Locale;
  /** IANA zone every time is shown in, with its offset. */
  timeZone: string;
}

const QR = 104;
const LABEL_W = 150;

/**
 * The "certificate of completion" of a signed request, in one language: one page for up to about
 * four signers, more pages after. It states what the stored evidence says; the evidence bundle is
 * what verifies (the QR code opens the verify page for this record).
 */
export async function renderSigningCertificate(facts: SigningCertificateFacts, view: CertificateView): Promise<Uint8Array> {
  const say = pdfTranslator(view.locale);
  const pdf = PDF.create();
  const { regular, bold } = embedFonts(pdf);
  pdf.setTitle(`${say('certificate.title')}: ${facts.title}`);
  pdf.setAuthor(facts.organisation);
  pdf.setCreator('Signet');
  const when = (d: Date): string => formatDateTime(d, { ...view, withZone: true, seconds: true });
  const width = A4.width - 2 * MARGIN;

  let page = pdf.addPage({ width: A4.width, height: A4.height });
  let y = A4.height - MARGIN;
  const text = (s: string, x: number, size: number, font: EmbeddedFont = regular, color = INK, max = width): void => {
    page.drawText(fit(font, s, size, max), { x, y, size, font, color });
  };
  const field = (label: string, value: string, indent = 0, max = width - LABEL_W - indent, size = 9.5): void => {
    text(label, MARGIN + indent, 8.5, regular, MUTED, LABEL_W - 8);
    text(value, MARGIN + indent + LABEL_W, size, regular, INK, max);
    y -= 15;
  };
  const frame = (p: PDFPage): void => {
    p.drawRectangle({ x: 0, y: A4.height - 6, width: A4.width, height: 6, color: ACCENT });
    const foot = `${facts.organisation} · ${say('certificate.title')} · ${facts.requestId}`;
    p.drawText(fit(regular, foot, 7, width), { x: MARGIN, y: MARGIN - 20, size: 7, font: regular, color: MUTED });
  };
  frame(page);

  y -= 12;
  text(facts.organisation, MARGIN, 10, regular, MUTED, width - QR - 16);
  y -= 26;
  text(say('certificate.title'), MARGIN, 22, bold, ACCENT, width - QR - 16);
  y -= 18;
  text(say('certificate.subtitle', { n: facts.signers.length }), MARGIN, 9.5, regular, MUTED, width - QR - 16);
  drawQr(page, facts.verifyUrl, A4.width - MARGIN - QR, A4.height - MARGIN - 8, QR);
  const scan = say('certificate.scan');
  page.drawText(scan, { x: A4.width - MARGIN - QR / 2 - regular.widthOfTextAtSize(scan, 7.5) / 2, y: A4.height - MARGIN - QR - 20, size: 7.5, font: regular, color: MUTED });

  // The first section starts below the QR code, whose caption ends 20 pt under it.
  y = Math.min(y - 40, A4.height - MARGIN - QR - 44);
  section(say('certificate.document'));
  text(facts.title, MARGIN, 13, bold, INK);
  y -= 18;
  field(say('certificate.type'), say.label(`documentTypes.${facts.documentType}`, facts.documentType));
  field(say('certificate.file'), `${facts.document.name} · ${facts.document.mediaType} · ${formatBytes(facts.document.size, view.locale)} (${facts.document.size.toLocaleString(view.locale)} B)`);
  field(say('certificate.sha256'), groups(facts.document.sha256), 0, width - LABEL_W, 8.6);
  field(say('certificate.request'), facts.requestId);
  field(say('certificate.requestedAt'), when(facts.requestedAt));
  field(say('certificate.completedAt'), when(facts.signedAt));
  y -= 8;

  section(say('certificate.signers', { n: facts.signers.length }));
  for (const [i, s] of facts.signers.entries()) {
    if (y < MARGIN + 190) {
      page = pdf.addPage({ width: A4.width, height: A4.height });
      frame(page);
      y = A4.height - MARGIN - 16;
    }
    signer(i + 1, s);
  }

  if (y < MARGIN + 36) {
    page = pdf.addPage({ width: A4.width, height: A4.height });
    frame(page);
    y = A4.height - MARGIN - 16;
  }
  page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, color: RULE, thickness: 0.8 });
  y -= 14;
  page.drawText(say('certificate.note'), { x: MARGIN, y, size: 7.5, font: regular, color: MUTED, maxWidth: width, lineHeight: 11 });
  return pdf.save({ subsetFonts: true });

  function section(label: string): void {
    text(label.toUpperCase(), MARGIN, 9, bold, ACCENT);
    y -= 6;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, color: RULE, thickness: 0.8 });
    y -= 16;
  }

  function signer(n: number, s: CertificateSignerFacts): void {
    const rows = 7 + (s.countersignature ? 4 : 1);
    const h = 26 + rows * 15;
    page.drawRectangle({ x: MARGIN, y: y - h + 12, width, height: h, color: BAND, borderColor: RULE, borderWidth: 0.6 });
    text(`${n}. ${s.name}`, MARGIN + 10, 11, bold, INK, width / 2);
    if (s.email) page.drawText(fit(regular, s.email, 9, width / 2 - 20), { x: A4.width - MARGIN - 10 - Math.min(regular.widthOfTextAtSize(s.email, 9), width / 2 - 20), y, size: 9, font: regular, color: MUTED });
    y -= 19;
    const ind = 10;
    field(say('certificate.signedAt'), when(s.signedAt), ind, width - LABEL_W - 2 * ind);
    field(say('certificate.device'), s.device ?? say('certificate.deviceUnknown'), ind, width - LABEL_W - 2 * ind);
    field(say('certificate.userVerification'), say(s.userVerified ? 'certificate.uvYes' : 'certificate.uvNo'), ind);
    field(say('certificate.passkey'), s.credentialId, ind, width - LABEL_W - 2 * ind);
    field(say('certificate.record'), s.recordId, ind);
    if (s.countersignature) {
      const c = s.countersignature;
      field(say('certificate.countersignedBy'), c.subject, ind, width - LABEL_W - 2 * ind);
      field(say('certificate.serial'), c.serial, ind, width - LABEL_W - 2 * ind);
      field(say('certificate.validity'), `${formatDateTime(c.notBefore, view)} – ${formatDateTime(c.notAfter, view)}`, ind);
      field(say('certificate.timestampedAt'), when(c.timestampedAt), ind);
    } else {
      field(say('certificate.countersignedBy'), say('certificate.notCountersigned'), ind);
    }
    field(say('certificate.ledgerIndex'), s.ledgerIndex === null ? '—' : String(s.ledgerIndex), ind);
    const cp = s.checkpoint;
    field(say('certificate.checkpoint'), cp ? say('certificate.checkpointValue', { size: cp.treeSize, root: cp.rootHash }) : say('certificate.checkpointPending'), ind, width - LABEL_W - 2 * ind);
    y -= 14;
  }
}
