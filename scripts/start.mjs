#!/usr/bin/env node
// npm start: build once if there is no production build yet, then serve it (scripts/serve.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const next = 'node_modules/.bin/next';
if (!existsSync('.next/BUILD_ID')) {
  console.log('[signet] no production build yet: running next build (first start only)…');
  const build = spawnSync(next, ['build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// scripts/serve.mjs rather than `next start`: it tells the app each client's address (operation log,
// rate limits); see the comment at its top.
const server = spawnSync(process.execPath, ['scripts/serve.mjs'], { stdio: 'inherit' });
process.exit(server.status ?? 1);
