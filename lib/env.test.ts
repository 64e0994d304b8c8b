import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseByteSize, parseConfig } from './env';

/** Parses an environment that must be refused; returns the problems reported. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  let config: unknown;
  try {
    config = parseConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.message).toContain('Invalid configuration');
    return e.problems;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}, got ${JSON.stringify(config)}`);
}

/** The environment must be refused with exactly one problem, naming the variable. */
function expectOneProblem(env: Record<string, string | undefined>, variable: string): string {
  const problems = problemsOf(env);
  expect(problems, JSON.stringify(env)).toHaveLength(1);
  expect(problems[0], JSON.stringify(env)).toMatch(new RegExp(`^${variable}: `));
  return problems[0]!;
}

describe('parseConfig', () => {
  it('fills every setting with its default from an empty environment', () => {
    expect(parseConfig({})).toEqual({
      origin: 'http://localhost:3000',
      rpId: 'localhost',
      rpName: null,
      databaseUrl: undefined,
      dataDir: path.resolve('./data'),
      uploadMaxBytes: 100_000_000,
      documentTypes: [
        { id: 'contract', label: 'contract' },
        { id: 'invoice', label: 'invoice' },
        { id: 'hr', label: 'hr' },
        { id: 'other', label: 'other' },
      ],
      requestTtlHours: 24,
      ...PKI_DEFAULTS,
      trustProxy: false,
      rateLimits: expect.any(Object), // lib/rate-limit/take-token.test.ts checks the defaults
      auth: { sessionIdleMinutes: 30, sessionMaxHours: 12, inviteTtlHours: 72, setupUrlFile: undefined },
      backup: null,
      mail: null,
      outbox: { retryBaseMs: 10_000, giveUpAfterMs: 86_400_000, webhookAllowPrivate: false },
      metricsToken: null,
    });
  });

  it('reads METRICS_TOKEN and refuses one that is short or has spaces, by name', () => {
    expect(parseConfig({ METRICS_TOKEN: ' Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFi+/= ' }).metricsToken).toBe('Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFi+/=');
    expect(expectOneProblem({ METRICS_TOKEN: 'secret' }, 'METRICS_TOKEN')).toContain('got 6 characters');
    expect(expectOneProblem({ METRICS_TOKEN: 'a long token with spaces in it, still bad' }, 'METRICS_TOKEN')).toContain('with spaces');
  });

  it('reads the staff session and invite settings, refusing non-positive ones by name', () => {
    expect(parseConfig({ SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8', INVITE_TTL_HOURS: '24', SETUP_URL_FILE: '/tmp/setup-url' }).auth).toEqual({
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      inviteTtlHours: 24,
      setupUrlFile: '/tmp/setup-url',
    });
    expect(expectOneProblem({ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES')).toContain('"0"');
    expect(expectOneProblem({ SESSION_MAX_HOURS: 'forever' }, 'SESSION_MAX_HOURS')).toContain('"forever"');
  });

  it('treats blank values as unset and derives the default origin from PORT', () => {
    const config = parseConfig({ PORT: '8080', ORIGIN: '  ', RP_ID: '', UPLOAD_MAX_BYTES: ' ', REQUEST_TTL_HOURS: '' });
    expect(config).toMatchObject({ origin: 'http://localhost:8080', rpId: 'localhost', uploadMaxBytes: 100_000_000, requestTtlHours: 24 });
  });

  it('accepts a production setting: https origin, parent-domain RP ID, PostgreSQL, sizes with units', () => {
    const config = parseConfig({
      ORIGIN: 'https://Sign.Example.com:8443/',
      RP_ID: 'Example.com',
      RP_NAME: 'Example Signing',
      DATABASE_URL: 'postgresql://signet:secret@db:5432/signet',
      DATA_DIR: '/var/lib/signet',
      UPLOAD_MAX_BYTES: '1 GiB',
      DOCUMENT_TYPES: ' Lease , Purchase order ,, NDA ',
      REQUEST_TTL_HOURS: '0.5',
    });
    expect(config).toEqual({
      origin: 'https://sign.example.com:8443',
      rpId: 'example.com',
      rpName: 'Example Signing',
      databaseUrl: 'postgresql://signet:secret@db:5432/signet',
      dataDir: '/var/lib/signet',
      uploadMaxBytes: 1024 ** 3,
      documentTypes: [
        { id: 'lease', label: 'Lease' },
        { id: 'purchase-order', label: 'Purchase order' },
        { id: 'nda', label: 'NDA' },
      ],
      requestTtlHours: 0.5,
      ...PKI_DEFAULTS,
      trustProxy: false,
      rateLimits: expect.any(Object),
      auth: { sessionIdleMinutes: 30, sessionMaxHours: 12, inviteTtlHours: 72, setupUrlFile: undefined },
      backup: null,
      mail: null,
      outbox: { retryBaseMs: 10_000, giveUpAfterMs: 86_400_000, webhookAllowPrivate: false },
      metricsToken: null,
    });
  });

  it('accepts plain http only for localhost and *.localhost', () => {
    expect(parseConfig({ ORIGIN: 'http://localhost:3999' }).origin).toBe('http://localhost:3999');
    expect(parseConfig({ ORIGIN: 'http://signet.localhost' })).toMatchObject({ origin: 'http://signet.localhost', rpId: 'signet.localhost' });
  });

  it('refuses an ORIGIN that is not an absolute http(s) URL of scheme://host[:port]', () => {
    for (const ORIGIN of ['sign.example.com', 'not a url', 'ftp://sign.example.com', 'https://sign.example.com/app', 'https://sign.example.com/?x=1', 'https://sign.example.com/#top']) {
      const problem = expectOneProblem({ ORIGIN }, 'ORIGIN');
      expect(problem).toContain(ORIGIN);
    }
  });

  it('refuses an http ORIGIN for a host other than localhost (WebAuthn needs a secure context)', () => {
    for (const ORIGIN of ['http://sign.example.com', 'http://localhost.example.com', 'http://mylocalhost']) {
      expect(expectOneProblem({ ORIGIN, RP_ID: new URL(ORIGIN).hostname }, 'ORIGIN')).toContain('https://');
    }
  });

  it('refuses an RP_ID that is an IP address, given or derived from ORIGIN', () => {
    expect(expectOneProblem({ ORIGIN: 'https://192.168.1.20:3000' }, 'RP_ID')).toContain('"192.168.1.20"');
    expect(expectOneProblem({ ORIGIN: 'https://192.168.1.20', RP_ID: '192.168.1.20' }, 'RP_ID')).toContain('IP');
    expect(expectOneProblem({ ORIGIN: 'https://[::1]:3000' }, 'RP_ID')).toContain('IP');
  });

  it('refuses an RP_ID that is not the ORIGIN host or a parent domain of it', () => {
    for (const RP_ID of ['other.example', 'ample.com', 'sign.example.com.evil', 'www.sign.example.com']) {
      const problem = expectOneProblem({ ORIGIN: 'https://sign.example.com', RP_ID }, 'RP_ID');
      expect(problem).toContain(`"${RP_ID}"`);
      expect(problem).toContain('"sign.example.com"');
    }
  });

  it('refuses an UPLOAD_MAX_BYTES that is not a positive size', () => {
    for (const UPLOAD_MAX_BYTES of ['lots', '-5', '0', '0.1', '10 parsecs', '1.5.3', '1e6', '99999999999999999999']) {
      expect(expectOneProblem({ UPLOAD_MAX_BYTES }, 'UPLOAD_MAX_BYTES')).toContain(`"${UPLOAD_MAX_BYTES}"`);
    }
  });

  it('reads UPLOAD_MAX_BYTES in bytes, decimal and binary units', () => {
    expect(parseByteSize('104857600')).toBe(104_857_600);
    expect(parseByteSize('100MB')).toBe(100_000_000);
    expect(parseByteSize('1 GiB')).toBe(1024 ** 3);
    expect(parseByteSize('1.5kb')).toBe(1500);
    expect(parseConfig({ UPLOAD_MAX_BYTES: '1MiB' }).uploadMaxBytes).toBe(1024 * 1024);
  });

  it('refuses a REQUEST_TTL_HOURS that is not a number of hours between 0 and 2160', () => {
    for (const REQUEST_TTL_HOURS of ['0', '-1', 'abc', '24h', '2160.5', 'Infinity', 'NaN']) {
      expect(expectOneProblem({ REQUEST_TTL_HOURS }, 'REQUEST_TTL_HOURS')).toContain(`"${REQUEST_TTL_HOURS}"`);
    }
    expect(parseConfig({ REQUEST_TTL_HOURS: '2160' }).requestTtlHours).toBe(2160);
  });

  it('refuses a DATABASE_URL that is not postgres:// without echoing its password', () => {
    for (const DATABASE_URL of ['mysql://signet:hunter2@db/signet', 'db.example.com:5432', 'postgres:/signet:hunter2@db', 'mysql://signet:hun/ter:2@db', 'mysql://signet:p@ss@word2@db']) {
      const problem = expectOneProblem({ DATABASE_URL }, 'DATABASE_URL');
      expect(problem).not.toMatch(/hunter2|hun\/ter|ter:2|ss@word|p@ss/);
      if (DATABASE_URL.includes('@')) expect(problem).toContain('***@db');
    }
  });

  it('refuses DOCUMENT_TYPES without a usable label', () => {
    expectOneProblem({ DOCUMENT_TYPES: ' , ,' }, 'DOCUMENT_TYPES');
    expectOneProblem({ DOCUMENT_TYPES: 'Contract,!!!' }, 'DOCUMENT_TYPES');
  });

  it('reports every bad variable at once, each by name', () => {
    const problems = problemsOf({
      ORIGIN: 'ftp://x',
      UPLOAD_MAX_BYTES: 'huge',
      REQUEST_TTL_HOURS: '-3',
      DATABASE_URL: 'mysql://db',
      DOCUMENT_TYPES: ',',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['ORIGIN', 'DATABASE_URL', 'UPLOAD_MAX_BYTES', 'DOCUMENT_TYPES', 'REQUEST_TTL_HOURS']);
  });
});

// — pki —
const PKI_DEFAULTS = {
  organizationName: 'Signet Organization',
  certValidityDays: 365,
  tsaUrl: undefined,
  certReminderDays: [60, 30, 7, 1],
  webhookUrl: undefined,
  webhookSecret: undefined,
};

describe('parseConfig: organisation certificate settings', () => {
  it('reads them, sorting the reminder thresholds', () => {
    const c = parseConfig({
      ORGANIZATION_NAME: 'Acme GmbH',
      CERT_VALIDITY_DAYS: '90',
      TSA_URL: 'https://tsa.example.com/tsr',
      CERT_REMINDER_DAYS: '7, 30,1',
      WEBHOOK_URL: 'https://hooks.example.com/signet',
      WEBHOOK_SECRET: '0123456789abcdef',
    });
    expect(c).toMatchObject({ organizationName: 'Acme GmbH', certValidityDays: 90, tsaUrl: 'https://tsa.example.com/tsr', certReminderDays: [30, 7, 1] });
  });

  it('names each bad setting', () => {
    let problems: string[] = [];
    try {
      parseConfig({ CERT_VALIDITY_DAYS: 'a year', TSA_URL: 'ftp://tsa', CERT_REMINDER_DAYS: '30,30', WEBHOOK_URL: 'https://h.example.com', WEBHOOK_SECRET: 'short' });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(':')[0])).toEqual(['CERT_VALIDITY_DAYS', 'TSA_URL', 'CERT_REMINDER_DAYS', 'WEBHOOK_SECRET']);
  });
});
