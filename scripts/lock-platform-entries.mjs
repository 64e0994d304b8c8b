#!/usr/bin/env node
/**
 * `npm ci` refuses a lockfile that lacks entries for other platforms' optional binaries
 * (@next/swc-darwin-*, @unrs/resolver-binding-win32-*, …). When the registry this machine reaches
 * does not serve those packages, `npm install` cannot record them, so this adds the missing entries
 * (version from the dependent's optionalDependencies, os/cpu/libc from the package name). npm skips
 * them on other platforms without fetching. Run after changing dependencies:
 *   node scripts/lock-platform-entries.mjs && npm ci --dry-run
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

let out = '';
try {
  execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts'], { stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  out = `${e.stdout}${e.stderr}`;
}
const missing = [...out.matchAll(/Missing: (\S+?)@\S* from lock file/g)].map((m) => m[1]);
if (missing.length === 0) {
  console.log('package-lock.json: nothing missing');
  process.exit(0);
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const versions = {};
for (const meta of Object.values(lock.packages)) for (const [n, v] of Object.entries(meta.optionalDependencies ?? {})) versions[n] ??= v;
const OS = ['darwin', 'win32', 'linux', 'android', 'freebsd', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'arm'];
for (const name of missing) {
  const base = `-${name.split('/').pop()}-`;
  const os = OS.find((o) => base.includes(`-${o}-`));
  const cpu = CPU.find((c) => base.includes(`-${c}-`));
  if (!os || !cpu || !versions[name]) throw new Error(`cannot infer platform or version for ${name}`);
  const entry = { version: versions[name].replace(/^[\^~]/, ''), cpu: [cpu], optional: true, os: [os] };
  if (base.includes('musl')) entry.libc = ['musl'];
  else if (base.includes('gnu')) entry.libc = ['glibc'];
  lock.packages[`node_modules/${name}`] = entry;
  console.log(`added ${name}@${entry.version} (${os}/${cpu})`);
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
