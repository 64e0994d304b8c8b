import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
/** The scraper's bearer token for GET /metrics on the e2e server. */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef';
export const E2E_ORIGIN = `http://localhost:${PORT}`;
export const E2E_DATA_DIR = '.e2e-data';
const OPERATOR_SPECS = /(crash-safety|backup-restore)\.spec\.ts$/;

/**
 * With E2E_SMTP_PORT set, the server sends e-mail to the test's own SMTP receiver on that port
 * (e2e/notifications.spec.ts) and may call webhooks on loopback; without it no e-mail is sent.
 */
function notificationEnv(): Record<string, string> {
  const port = process.env.E2E_SMTP_PORT;
  if (!port) return {};
  return { SMTP_URL: `smtp://signet:smtp-test-password@127.0.0.1:${port}`, MAIL_FROM: 'Signet <signet@example.com>', OUTBOX_RETRY_BASE_MS: '1000', WEBHOOK_ALLOW_PRIVATE: 'true' };
}

/**
 * End-to-end against the production build (`next build` runs first in `npm test`), on Debian's
 * Chromium: Playwright cannot download its own browsers here.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: E2E_ORIGIN,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  // Every journey in both languages, each with the time zone its users live in (the app shows local time).
  // The operator drills (crash safety, backup and restore) drive server processes and CLIs; they run
  // once, in Chinese, rather than once per language.
  projects: [
    { name: 'zh-CN', testIgnore: OPERATOR_SPECS, use: { ...devices['Desktop Chrome'], channel: undefined, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } },
    { name: 'en', testIgnore: OPERATOR_SPECS, use: { ...devices['Desktop Chrome'], channel: undefined, locale: 'en', timezoneId: 'UTC' } },
    { name: 'operator', testMatch: OPERATOR_SPECS, use: { ...devices['Desktop Chrome'], channel: undefined, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } },
  ],
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${E2E_ORIGIN}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { PORT: String(PORT), ORIGIN: E2E_ORIGIN, DATA_DIR: E2E_DATA_DIR, UPLOAD_MAX_BYTES: '20MB', SETUP_URL_FILE: `${E2E_DATA_DIR}/setup-url.txt`, METRICS_TOKEN: E2E_METRICS_TOKEN, ...notificationEnv() },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
