#!/usr/bin/env node
// Serves the production build for the e2e suite on a fresh embedded database.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

const dataDir = process.env.DATA_DIR ?? '.e2e-data';
rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ['scripts/serve.mjs'], { stdio: 'inherit', env: { ...process.env, PORT: process.env.PORT ?? '3100' } });
const stop = () => child.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('exit', (code) => process.exit(code ?? 0));
