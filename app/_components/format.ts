/** Display helpers shared by server and client components. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

export function formatRelative(iso: string, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [ms, name] of units) {
    if (abs >= ms) {
      const n = Math.round(abs / ms);
      const s = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `in ${s}` : `${s} ago`;
    }
  }
  return diff >= 0 ? 'in under a minute' : 'just now';
}

export function fingerprintGroups(sha256hex: string): string {
  return sha256hex.match(/.{1,8}/g)?.join(' ') ?? sha256hex;
}

export const STATUS_LABEL: Record<string, string> = {
  pending: 'Waiting for scan',
  opened: 'Opened on phone',
  signed: 'Signed',
  declined: 'Declined',
  expired: 'Expired',
};
