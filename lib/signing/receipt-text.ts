import type { SignerReceipt } from './signer-receipt';

export interface ReceiptWords {
  /** A translated label by key (heading, document, fingerprint, …, status.<status>). */
  label: (key: string, values?: Record<string, string | number>) => string;
  dateTime: (iso: string) => string;
}

/**
 * The receipt as plain UTF-8 text: readable anywhere, printable, and nothing in it needs the
 * server. The ledger leaf hash lets anyone find the signature in the public log (/api/ledger).
 */
export function receiptText(r: SignerReceipt, w: ReceiptWords): string {
  const lines = [
    w.label('heading'),
    '',
    `${w.label('title')}: ${r.title}`,
    `${w.label('document')}: ${r.document.name}`,
    `${w.label('fingerprint')}: ${r.document.sha256}`,
    `${w.label('signedBy')}: ${r.signer.name}`,
    `${w.label('signedAt')}: ${w.dateTime(r.signer.signedAt)}`,
    `${w.label('record')}: ${r.recordId}`,
    `${w.label('request')}: ${r.requestId}`,
  ];
  if (r.ledger) lines.push(`${w.label('ledgerEntry')}: ${r.ledger.index}`, `${w.label('leafHash')}: ${r.ledger.leafHash}`);
  lines.push('', w.label('signers'));
  for (const s of r.signers) {
    const when = s.signedAt ? ` (${w.dateTime(s.signedAt)})` : '';
    lines.push(`  ${w.label('stepLine', { n: s.step })} ${s.name}: ${w.label(`status_${s.status}`)}${when}`);
  }
  lines.push('', w.label('verifyHint'), '');
  return lines.join('\n');
}
