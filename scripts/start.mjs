#!/usr/bin/env node
// npm start: build once if there is no production build yet, then serve it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const next = 'node_modules/.bin/next';
if (!existsSync('.next/BUILD_ID')) {
  console.log('[signet] no production build yet: running next build (first start only)…');
  const build = spawnSync(next, ['build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '0.0.0.0';
const server = spawnSync(next, ['start', '-p', port, '-H', host], { stdio: 'inherit' });
process.exit(server.status ?? 1);
