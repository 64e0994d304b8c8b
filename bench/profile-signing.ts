/**
 * `npx tsx bench/profile-signing.ts [ceremonies]`: where completeSigning's CPU goes, in-process (no
 * HTTP, no Next.js). Prepares the ceremonies (document, request, passkey registration, signing
 * challenge) first, then runs completeSigning one after another under the V8 sampling profiler
 * (node:inspector) on an on-disk PGlite, as the server runs it, and prints CPU per signing
 * (process.cpuUsage) and the profile split by component and by function (bench/profile.ts).
 * Prints only; nothing is written to docs/.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '@/lib/context';
import { parseConfig } from '@/lib/env';
import { beginSigning } from '@/lib/signing/begin-signing';
import { completeSigning } from '@/lib/signing/complete-signing';
import { finishRegistration } from '@/lib/signing/finish-registration';
import { TEST_ORIGIN, TEST_RP_ID, uploadAndRequest } from '@/test/support/context';
import { SoftAuthenticator } from '@/test/support/soft-authenticator';
import { analyzeProfile, type Window } from './profile';

const root = path.resolve(__dirname, '..');
const count = Number(process.argv[2] ?? 200);
const WARMUP = 20;
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'signet-profile-signing-'));
  const ctx = await createContext({ config: parseConfig({ ORIGIN: TEST_ORIGIN, RP_ID: TEST_RP_ID, DATA_DIR: dir }) });
  try {
    const ceremonies = [];
    for (let i = 0; i < count + WARMUP; i++) {
      const { token } = await uploadAndRequest(ctx, `%PDF-1.4 profiled document ${i}`);
      const auth = new SoftAuthenticator({ origin: TEST_ORIGIN, rpId: TEST_RP_ID });
      const reg = await beginSigning(ctx, token);
      await finishRegistration(ctx, token, auth.register(reg.options.challenge));
      const begin = await beginSigning(ctx, token);
      ceremonies.push({ token, assertion: auth.assert(begin.options.challenge) });
    }
    const meta = { ip: '127.0.0.1', userAgent: 'profile' };
    for (const c of ceremonies.slice(0, WARMUP)) await completeSigning(ctx, c.token, c.assertion, meta);

    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const windows: Window[] = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const c of ceremonies.slice(WARMUP)) {
      const w = { startUs: monotonicUs(), endUs: 0 };
      await completeSigning(ctx, c.token, c.assertion, meta);
      w.endUs = monotonicUs();
      windows.push(w);
    }
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = path.join(dir, 'signing.cpuprofile');
    await writeFile(file, JSON.stringify(profile));

    const cpuMs = (used.user + used.system) / 1000;
    console.log(`completeSigning × ${count}: ${(cpuMs / count).toFixed(2)} ms CPU and ${(wallMs / count).toFixed(2)} ms wall per signing (profiler on, 100 µs sampling)`);
    const breakdown = analyzeProfile(file, windows, { root, topN: 25 });
    console.log(`\nsampled busy ${(breakdown.busyMs / count).toFixed(2)} ms, idle ${(breakdown.idleMs / count).toFixed(2)} ms per signing\n\n| component | ms per signing | share |\n|---|--:|--:|`);
    for (const c of breakdown.components) console.log(`| ${c.name} | ${(c.ms / count).toFixed(3)} | ${(c.share * 100).toFixed(1)} % |`);
    console.log('\n| function (self time) | ms per signing | share |\n|---|--:|--:|');
    for (const f of breakdown.topFunctions) console.log(`| ${f.name} | ${(f.ms / count).toFixed(3)} | ${(f.share * 100).toFixed(1)} % |`);
  } finally {
    await ctx.database.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error('[profile-signing] failed:', e);
  process.exit(1);
});
