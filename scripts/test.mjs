#!/usr/bin/env node
// npm test: typecheck, lint, unit/integration tests (PGlite and a throwaway PostgreSQL), then the
// Playwright e2e suite against a production build in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function hasPostgres() {
  try {
    return readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  } catch {
    return false;
  }
}

function step(title, cmd, args, env = {}) {
  console.log(`\n━━ ${title}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${r.status ?? r.signal}) after ${secs}s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${title} (${secs}s)`);
}

/** Whether a command is on PATH (the validators the tests run: pdfsig, mutool, qpdf, certutil, age). */
function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${command}`));
}

// The same Debian packages .ci/run installs: the browser, PostgreSQL, CJK fonts for the screenshots,
// and the independent validators the tests call (PDF signatures, NSS, the age CLI).
const missing = [];
if (!existsSync(chromium)) missing.push('chromium');
if (!hasPostgres()) missing.push('postgresql');
if (!existsSync('/usr/share/fonts/opentype/noto') || !readdirSync('/usr/share/fonts/opentype/noto').some((f) => f.startsWith('NotoSansCJK'))) missing.push('fonts-noto-cjk');
for (const [command, pkg] of [['pdfsig', 'poppler-utils'], ['mutool', 'mupdf-tools'], ['qpdf', 'qpdf'], ['certutil', 'libnss3-tools'], ['age', 'age']]) {
  if (!onPath(command)) missing.push(pkg);
}
if (missing.length > 0) {
  if (!isRoot) {
    console.error(`The tests need Debian packages that are not installed: ${missing.join(', ')}.\nRun: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  step('install system packages', 'bash', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`]);
}

const bin = (name) => `node_modules/.bin/${name}`;
step('typecheck', bin('tsc'), ['--noEmit']);
step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
step('unit and integration tests (PGlite + PostgreSQL)', 'node', ['scripts/pg-temp.mjs', '--', bin('vitest'), 'run']);
step('production build', bin('next'), ['build']);
// The crash-safety spec needs a PostgreSQL server too (TEST_DATABASE_URL), like the unit stage.
// E2E_SMTP_PORT: the server mails the e-mail journeys' own SMTP receiver (e2e/notifications.spec.ts).
step('end-to-end tests (Chromium, desktop + Pixel 7)', 'node', ['scripts/pg-temp.mjs', '--', bin('playwright'), 'test'], { E2E_SMTP_PORT: process.env.E2E_SMTP_PORT ?? '2543' });
console.log('\nAll test stages passed.');
