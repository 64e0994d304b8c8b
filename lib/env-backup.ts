import path from 'node:path';

/** Scheduled backups (BACKUP_DIR, BACKUP_EVERY, BACKUP_KEEP, BACKUP_PASSPHRASE); null when BACKUP_DIR is unset. */
export interface BackupConfig {
  dir: string;
  everyMs: number;
  keep: number;
  passphrase: string;
}

const DURATION_UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30m", "24h", "7d" in milliseconds; null when it is not one. */
export function parseDuration(input: string): number | null {
  const m = /^\s*(\d+)\s*([mhd])\s*$/i.exec(input);
  if (!m) return null;
  const ms = Number(m[1]) * DURATION_UNITS[m[2]!.toLowerCase()]!;
  return ms > 0 ? ms : null;
}

/** Each bad value adds one problem, named by its variable. */
export function parseBackupSettings(e: Record<string, string | undefined>, problems: string[]): BackupConfig | null {
  const blank = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
  const dir = blank(e.BACKUP_DIR);
  const everyInput = blank(e.BACKUP_EVERY) ?? '24h';
  const keepInput = blank(e.BACKUP_KEEP) ?? '7';
  if (!dir) {
    for (const name of ['BACKUP_EVERY', 'BACKUP_KEEP'] as const) {
      if (blank(e[name])) problems.push(`${name}: only means something with BACKUP_DIR, which is unset`);
    }
    return null;
  }
  const everyMs = parseDuration(everyInput);
  if (everyMs === null || everyMs < 60_000) problems.push(`BACKUP_EVERY: expected a period such as 30m, 24h or 7d (at least 1m), got "${everyInput}"`);
  const keep = Number(keepInput);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000) problems.push(`BACKUP_KEEP: expected how many backups to keep, a whole number from 1 to 1000, got "${keepInput}"`);
  // The raw value, untrimmed: a passphrase may begin or end with a space.
  const passphrase = e.BACKUP_PASSPHRASE ?? '';
  if (passphrase.length < 12) {
    problems.push(`BACKUP_PASSPHRASE: expected at least 12 characters to encrypt the backups in BACKUP_DIR with, got ${passphrase ? `${passphrase.length}` : 'none'}`);
  }
  return { dir: path.resolve(/*turbopackIgnore: true*/ dir), everyMs: everyMs ?? 0, keep, passphrase };
}
