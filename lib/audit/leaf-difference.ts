/** Names the first leaf line that differs, e.g. "signature-sha256 differs"; `source` says what the expected bytes came from. */
export function describeLeafDifference(expected: Uint8Array, stored: Uint8Array, source = 'record'): string {
  const a = Buffer.from(expected).toString('latin1').split('\n');
  const b = Buffer.from(stored).toString('latin1').split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const line = a[at] ?? '';
  const name = line.includes(':') ? line.slice(0, line.indexOf(':')) : `line ${at + 1}`;
  return `${name} differs (${source} gives ${JSON.stringify(line)}, leaf has ${JSON.stringify(b[at] ?? '(nothing)')})`;
}
