import path from 'node:path';
import { z } from 'zod';
import { parseBackupSettings, type BackupConfig } from './env-backup';
import { parseNotifySettings, type MailConfig, type OutboxConfig } from './env-notify';
import { parseRate, type Rate } from './env-rate';

/**
 * Configuration, parsed once from the environment. Every bad setting is reported by name with what
 * was expected and what arrived, and the server refuses to start rather than guess.
 */
export interface Config {
  /** Public origin the browser and phone see, e.g. https://sign.example.com (no trailing slash). */
  origin: string;
  /** WebAuthn relying-party ID: the origin's host or a registrable suffix of it; never an IP. */
  rpId: string;
  /** RP_NAME: the name passkey prompts show; null means the organisation's name (lib/organization). */
  rpName: string | null;
  /** PostgreSQL connection string; absent means embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Absolute directory for the embedded database and the blob store. */
  dataDir: string;
  /** Largest accepted upload in bytes. */
  uploadMaxBytes: number;
  /** Document types offered when creating a signing request. */
  documentTypes: { id: string; label: string }[];
  /** Default lifetime of a signing request, in hours. */
  requestTtlHours: number;
  /** The organisation's name: subject of its signing certificate (ORGANIZATION_NAME). */
  organizationName: string;
  /** Lifetime of a locally issued signing certificate in days (CERT_VALIDITY_DAYS). */
  certValidityDays: number;
  /** External RFC 3161 TSA; undefined means the built-in TSA (TSA_URL). */
  tsaUrl: string | undefined;
  /** Reminder thresholds in days before expiry, descending (CERT_REMINDER_DAYS). */
  certReminderDays: number[];
  /** Where certificate reminders are POSTed (WEBHOOK_URL), signed with webhookSecret. */
  webhookUrl: string | undefined;
  webhookSecret: string | undefined;
  /** Believe X-Forwarded-For's first hop (and X-Request-Id) from a reverse proxy you run. */
  trustProxy: boolean;
  /** Token-bucket rate limits by bucket name (lib/rate-limit); null means off. */
  rateLimits: Record<RateBucket, Rate | null>;
  /** Staff auth (lib/auth): session idle and absolute timeouts, invite lifetime, setup-URL file. */
  auth: AuthConfig;
  /** Scheduled, rotated backups written by the server itself (lib/backup); null when off. */
  backup: BackupConfig | null;
  /** Outgoing e-mail (lib/notifications); null when SMTP_URL is unset: nothing is e-mailed. */
  mail: MailConfig | null;
  /** The outbox worker's retry policy and webhook URL policy. */
  outbox: OutboxConfig;
  /** METRICS_TOKEN: a scraper's bearer token for GET /metrics (admins may read it without); null when unset. */
  metricsToken: string | null;
}

export interface AuthConfig {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  inviteTtlHours: number;
  /** When set, the first-start setup URL is also written here (the e2e fixture reads it). */
  setupUrlFile: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1_000,
  mb: 1_000_000,
  gb: 1_000_000_000,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** Parses "104857600", "100MB", "1 GiB" into bytes; null when it is not a size. */
export function parseByteSize(input: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(input);
  if (!m) return null;
  const unit = UNITS[(m[2] ?? '').toLowerCase()];
  if (unit === undefined) return null;
  const n = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const raw = z.object({
  PORT: z.string().optional(),
  ORIGIN: z.string().optional(),
  RP_ID: z.string().optional(),
  RP_NAME: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().optional(),
  UPLOAD_MAX_BYTES: z.string().optional(),
  DOCUMENT_TYPES: z.string().optional(),
  REQUEST_TTL_HOURS: z.string().optional(),
  ORGANIZATION_NAME: z.string().optional(),
  CERT_VALIDITY_DAYS: z.string().optional(),
  TSA_URL: z.string().optional(),
  CERT_REMINDER_DAYS: z.string().optional(),
  WEBHOOK_URL: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  RATE_LIMIT_SIGN_IN: z.string().optional(),
  RATE_LIMIT_UPLOAD: z.string().optional(),
  RATE_LIMIT_CEREMONY: z.string().optional(),
  RATE_LIMIT_CEREMONY_TOKEN: z.string().optional(),
  SESSION_IDLE_MINUTES: z.string().optional(),
  SESSION_MAX_HOURS: z.string().optional(),
  INVITE_TTL_HOURS: z.string().optional(),
  SETUP_URL_FILE: z.string().optional(),
  BACKUP_DIR: z.string().optional(),
  BACKUP_EVERY: z.string().optional(),
  BACKUP_KEEP: z.string().optional(),
  BACKUP_PASSPHRASE: z.string().optional(),
  SMTP_URL: z.string().optional(),
  METRICS_TOKEN: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  OUTBOX_RETRY_BASE_MS: z.string().optional(),
  OUTBOX_GIVE_UP_AFTER: z.string().optional(),
  WEBHOOK_ALLOW_PRIVATE: z.string().optional(),
});

/** Rate-limit buckets, their settings and defaults (docs/operations.md, "Rate limits"). */
export const RATE_BUCKETS = {
  'sign-in': { env: 'RATE_LIMIT_SIGN_IN', fallback: '10/min' },
  upload: { env: 'RATE_LIMIT_UPLOAD', fallback: '60/min' },
  ceremony: { env: 'RATE_LIMIT_CEREMONY', fallback: '120/min' },
  'ceremony-token': { env: 'RATE_LIMIT_CEREMONY_TOKEN', fallback: '30/min' },
} as const;
export type RateBucket = keyof typeof RATE_BUCKETS;

/** Builds the configuration from an environment map; throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const e = raw.parse(env);
  const problems: string[] = [];
  const blank = (v: string | undefined): string | undefined => (v && v.trim() !== '' ? v.trim() : undefined);

  const port = blank(e.PORT) ?? '3000';
  const originInput = blank(e.ORIGIN) ?? `http://localhost:${port}`;
  let origin = originInput;
  let host = 'localhost';
  try {
    const u = new URL(originInput);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
    if (u.pathname !== '/' || u.search || u.hash) {
      problems.push(`ORIGIN: expected scheme://host[:port] with no path, got "${originInput}"`);
    }
    origin = u.origin;
    host = u.hostname;
    const local = host === 'localhost' || host.endsWith('.localhost');
    if (u.protocol === 'http:' && !local) {
      problems.push(
        `ORIGIN: WebAuthn needs a secure context; expected https:// for a host other than localhost, got "${originInput}"`,
      );
    }
  } catch {
    problems.push(`ORIGIN: expected an absolute http(s) URL such as https://sign.example.com, got "${originInput}"`);
  }

  const rpId = (blank(e.RP_ID) ?? host).toLowerCase();
  if (IPV4.test(rpId) || rpId.includes(':')) {
    problems.push(`RP_ID: WebAuthn RP IDs must be domain names, not IP addresses; got "${rpId}" (see README, "Using a real phone")`);
  } else if (rpId !== host && !host.endsWith(`.${rpId}`)) {
    problems.push(`RP_ID: expected "${host}" or a parent domain of it (from ORIGIN), got "${rpId}"`);
  }

  const databaseUrl = blank(e.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL: expected postgres://user:password@host:port/database, got "${redactCredentials(databaseUrl)}"`);
  }

  const dataDir = path.resolve(/*turbopackIgnore: true*/ blank(e.DATA_DIR) ?? './data');

  const sizeInput = blank(e.UPLOAD_MAX_BYTES) ?? '100MB';
  const uploadMaxBytes = parseByteSize(sizeInput);
  if (uploadMaxBytes === null) {
    problems.push(`UPLOAD_MAX_BYTES: expected a positive size such as 104857600, 100MB or 1GiB, got "${sizeInput}"`);
  }

  const typesInput = blank(e.DOCUMENT_TYPES) ?? 'contract,invoice,hr,other';
  const documentTypes = typesInput
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((label) => ({ id: slug(label), label }));
  if (documentTypes.length === 0 || documentTypes.some((t) => t.id === '')) {
    problems.push(`DOCUMENT_TYPES: expected a comma-separated list of document type ids such as "contract,invoice,hr,other", got "${typesInput}"`);
  }

  const ttlInput = blank(e.REQUEST_TTL_HOURS) ?? '24';
  const requestTtlHours = Number(ttlInput);
  if (!Number.isFinite(requestTtlHours) || requestTtlHours <= 0 || requestTtlHours > 24 * 90) {
    problems.push(`REQUEST_TTL_HOURS: expected a number of hours between 0 and 2160, got "${ttlInput}"`);
  }

  const pki = parsePkiSettings(e, blank, problems);
  const trustInput = (blank(e.TRUST_PROXY) ?? 'false').toLowerCase();
  if (!['1', 'true', 'yes', '0', 'false', 'no'].includes(trustInput)) problems.push(`TRUST_PROXY: expected true or false, got "${trustInput}"`);
  const rateLimits = {} as Record<RateBucket, Rate | null>;
  for (const [bucket, { env, fallback }] of Object.entries(RATE_BUCKETS) as [RateBucket, (typeof RATE_BUCKETS)[RateBucket]][]) {
    const input = blank(e[env]) ?? fallback;
    const rate = parseRate(input);
    if (rate === undefined) problems.push(`${env}: expected a rate such as 10/min, 100/hour or 5/s, or off; got "${input}"`);
    rateLimits[bucket] = rate ?? null;
  }
  const positive = (name: string, input: string, max: number): number => {
    const n = Number(input);
    if (!Number.isFinite(n) || n <= 0 || n > max) problems.push(`${name}: expected a number between 0 and ${max}, got "${input}"`);
    return n;
  };
  const auth: AuthConfig = {
    sessionIdleMinutes: positive('SESSION_IDLE_MINUTES', blank(e.SESSION_IDLE_MINUTES) ?? '30', 60 * 24 * 30),
    sessionMaxHours: positive('SESSION_MAX_HOURS', blank(e.SESSION_MAX_HOURS) ?? '12', 24 * 90),
    inviteTtlHours: positive('INVITE_TTL_HOURS', blank(e.INVITE_TTL_HOURS) ?? '72', 24 * 30),
    setupUrlFile: blank(e.SETUP_URL_FILE) ? path.resolve(/*turbopackIgnore: true*/ blank(e.SETUP_URL_FILE)!) : undefined,
  };

  const backup = parseBackupSettings(e, problems);
  const notify = parseNotifySettings(e, problems);
  const metricsToken = blank(e.METRICS_TOKEN) ?? null;
  // RFC 6750 §2.1 b64token, long enough not to be guessed.
  if (metricsToken !== null && !/^[A-Za-z0-9._~+/-]{24,200}=*$/.test(metricsToken)) {
    problems.push(`METRICS_TOKEN: expected 24 to 200 characters of A-Z a-z 0-9 - . _ ~ + / (e.g. from "openssl rand -base64 32"), got ${metricsToken.length} characters${/\s/.test(metricsToken) ? ' with spaces' : ''}`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...pki,
    origin,
    rpId,
    rpName: blank(e.RP_NAME) ?? null,
    databaseUrl,
    dataDir,
    uploadMaxBytes: uploadMaxBytes ?? 0,
    documentTypes,
    requestTtlHours,
    trustProxy: ['1', 'true', 'yes'].includes(trustInput),
    rateLimits,
    auth,
    backup,
    mail: notify.mail,
    outbox: notify.outbox,
    metricsToken,
  };
}

type PkiSettings = Pick<Config, 'organizationName' | 'certValidityDays' | 'tsaUrl' | 'certReminderDays' | 'webhookUrl' | 'webhookSecret'>;

/** The organisation certificate's settings; each bad value adds one problem. */
function parsePkiSettings(e: z.infer<typeof raw>, blank: (v: string | undefined) => string | undefined, problems: string[]): PkiSettings {
  const organizationName = blank(e.ORGANIZATION_NAME) ?? 'Signet Organization';
  if (organizationName.length > 64) {
    problems.push(`ORGANIZATION_NAME: expected at most 64 characters (an X.509 CN), got ${organizationName.length}`);
  }
  const validityInput = blank(e.CERT_VALIDITY_DAYS) ?? '365';
  const certValidityDays = Number(validityInput);
  if (!Number.isInteger(certValidityDays) || certValidityDays < 1 || certValidityDays > 3650) {
    problems.push(`CERT_VALIDITY_DAYS: expected a whole number of days between 1 and 3650, got "${validityInput}"`);
  }
  const httpUrl = (name: string, v: string | undefined): string | undefined => {
    if (!v) return undefined;
    try {
      const u = new URL(v);
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
    } catch {
      // reported below
    }
    problems.push(`${name}: expected an absolute http(s) URL, got "${v}"`);
    return undefined;
  };
  const tsaUrl = httpUrl('TSA_URL', blank(e.TSA_URL));
  const remindersInput = blank(e.CERT_REMINDER_DAYS) ?? '60,30,7,1';
  const certReminderDays = remindersInput.split(',').map((s) => Number(s.trim()));
  if (certReminderDays.some((d) => !Number.isInteger(d) || d < 0 || d > 3650) || new Set(certReminderDays).size !== certReminderDays.length) {
    problems.push(`CERT_REMINDER_DAYS: expected distinct whole numbers of days such as "60,30,7,1", got "${remindersInput}"`);
  }
  const webhookUrl = httpUrl('WEBHOOK_URL', blank(e.WEBHOOK_URL));
  const webhookSecret = blank(e.WEBHOOK_SECRET);
  if (webhookUrl && (!webhookSecret || webhookSecret.length < 16)) {
    problems.push(`WEBHOOK_SECRET: expected at least 16 characters to sign webhooks to WEBHOOK_URL with, got ${webhookSecret ? `${webhookSecret.length} characters` : 'none'}`);
  }
  return { organizationName, certValidityDays, tsaUrl, certReminderDays: [...certReminderDays].sort((a, b) => b - a), webhookUrl, webhookSecret };
}

let cached: Config | undefined;

/** The process configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Hides everything before the last "@" of a connection string (user and password, whatever they contain). */
function redactCredentials(url: string): string {
  const at = url.lastIndexOf('@');
  if (at < 0) return url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/{0,2}/i.exec(url)?.[0] ?? '';
  return `${scheme}***${url.slice(at)}`;
}
