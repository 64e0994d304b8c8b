import { A4, ACCENT, INK, MARGIN, MUTED, RULE, drawQr, embedFonts, groups, utc } from '../pdf/layout';
import type { EmbeddedFont, PDF, PDFPage } from '@libpdf/core';
import type { SealFacts } from './seal-facts';

/** Appends the signature page (bilingual: English and Simplified Chinese on one page) and returns it. */
export async function addSignaturePage(pdf: PDF, facts: SealFacts): Promise<PDFPage> {
  const { regular, bold } = embedFonts(pdf);
  const page = pdf.addPage({ width: A4.width, height: A4.height });
  const width = A4.width - 2 * MARGIN;
  let y = A4.height - MARGIN;

  const text = (s: string, x: number, size: number, font: EmbeddedFont = regular, color = INK, maxWidth?: number): void => {
    page.drawText(s, { x, y, size, font, color, ...(maxWidth ? { maxWidth } : {}) });
  };
  const rule = (): void => {
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, color: RULE, thickness: 0.8 });
  };

  page.drawRectangle({ x: 0, y: A4.height - 6, width: A4.width, height: 6, color: ACCENT });
  y -= 10;
  text('Signature certificate · 签署证书', MARGIN, 20, bold, ACCENT);
  y -= 22;
  text(facts.organisation, MARGIN, 10, regular, MUTED);
  y -= 26;
  text(facts.title, MARGIN, 15, bold, INK, width - 130);
  y -= 20;

  const qrSize = 110;
  const qrX = A4.width - MARGIN - qrSize;
  const qrTop = A4.height - MARGIN - 16;
  drawQr(page, facts.verifyUrl, qrX, qrTop, qrSize);
  page.drawText('Scan to verify · 扫码核验', { x: qrX + 4, y: qrTop - qrSize - 12, size: 7.5, font: regular, color: MUTED });

  const field = (label: string, value: string, mono = false): void => {
    text(label, MARGIN, 8, regular, MUTED);
    y -= 12;
    text(value, MARGIN, mono ? 8.5 : 10, regular, INK, width - (y > qrTop - qrSize - 20 ? 130 : 0));
    y -= 18;
  };
  field('Document · 文件', `${facts.document.name}  (${facts.document.mediaType}, ${facts.document.size.toLocaleString('en')} bytes)`);
  field('SHA-256 fingerprint of the original · 原件 SHA-256 指纹', groups(facts.document.sha256), true);
  field('Request · 签署请求', facts.requestId, true);
  y -= 4;
  rule();
  y -= 22;
  text(`Signers · 签署人 (${facts.signers.length})`, MARGIN, 12, bold, INK);
  y -= 20;
  for (const s of facts.signers) {
    text(s.name, MARGIN, 11, bold, INK);
    y -= 15;
    const uv = s.userVerified ? 'passkey, user verified · 通行密钥，已验证本人' : 'passkey, user NOT verified · 通行密钥，未验证本人';
    text(`Signed · 签署于 ${utc(s.signedAt)}   ${uv}`, MARGIN + 10, 8.5, regular, INK);
    y -= 12;
    text(`Timestamp · 时间戳 ${utc(s.timestampedAt)}   Ledger index · 账本序号 ${s.ledgerIndex ?? '—'}`, MARGIN + 10, 8.5, regular, INK);
    y -= 12;
    text(`Passkey ID · 通行密钥 ID ${s.credentialId.slice(0, 43)}${s.credentialId.length > 43 ? '…' : ''}`, MARGIN + 10, 8, regular, MUTED);
    y -= 12;
    text(`Evidence · 证据包 ${s.evidenceName} (attached · 已附加)`, MARGIN + 10, 8, regular, MUTED);
    y -= 20;
  }
  rule();
  y -= 22;
  text('Organisation countersignature · 机构副署', MARGIN, 12, bold, INK);
  y -= 20;
  field('Certificate · 证书', facts.certificate.subject);
  field('Issued by · 颁发者', facts.certificate.issuer);
  field('Serial · 序列号 / valid until · 有效期至', `${facts.certificate.serial}  /  ${utc(facts.certificate.notAfter)}`, true);
  field('Certificate SHA-256 · 证书指纹', groups(facts.certificate.fingerprint), true);
  y -= 4;
  rule();
  y -= 16;
  const note =
    'This PDF is sealed by the organisation with a PAdES signature (B-LTA): any PDF reader shows whether it changed since. ' +
    'The original document and every evidence bundle are attached and verify independently (npm run verify, or openssl).';
  text(note, MARGIN, 8, regular, MUTED, width);
  y -= 34;
  text('本 PDF 由机构以 PAdES 签名（B-LTA）封存，任何 PDF 阅读器均可显示其后是否被改动。原件与每份证据包均已附加，可独立核验。', MARGIN, 8, regular, MUTED, width);
  return page;
}
