/**
 * Test helper process: owns an embedded DATA_DIR the way the server does (lock, PGlite, socket),
 * prints "ready" and waits to be killed. Usage: tsx test/support/own-data-dir.ts <DATA_DIR>
 */
import { openDatabase } from '@/db/client';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: own-data-dir.ts <DATA_DIR>');
void openDatabase({ dataDir, role: 'server' }).then(() => {
  console.log('ready');
  setInterval(() => {}, 60_000);
});
