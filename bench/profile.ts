import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads a V8 .cpuprofile written by the server (`node --cpu-prof`) and splits the CPU time spent in
 * given time windows (CLOCK_MONOTONIC microseconds, the clock both process.hrtime and the profiler
 * use) by component. Frames inside the Next.js build are mapped back to their original source
 * through the build's source maps, so bundled libraries (SimpleWebAuthn, drizzle-orm, zod) and the
 * app's own code are told apart. Node's own functions and V8 builtins take the component of the
 * nearest caller that has one (a write() issued by PGlite counts as PGlite).
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Window {
  startUs: number;
  endUs: number;
}

export interface Share {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileBreakdown {
  /** Sampled time inside the windows, idle excluded (ms). */
  busyMs: number;
  idleMs: number;
  components: Share[];
  topFunctions: Share[];
}

const WEBAUTHN_PACKAGES = ['@simplewebauthn/', '@peculiar/', '@levischuck/', '@hexagon/', 'asn1js', 'pvtsutils', 'pvutils', 'tsyringe', 'reflect-metadata', 'tslib'];

export const COMPONENT = {
  pgliteWasm: 'PGlite: PostgreSQL itself (WebAssembly)',
  pgliteJs: 'PGlite: JavaScript glue (wire protocol, result parsing, Emscripten file system)',
  pgliteNode: 'PGlite: Node.js calls it makes (synchronous file I/O, buffers)',
  next: 'Next.js (routing, request/response adaptation, async context)',
  webauthn: 'SimpleWebAuthn and its decoders (verification)',
  drizzle: 'drizzle-orm (query building, result mapping)',
  zod: 'zod (body validation)',
  app: 'Signet code (lib/, app/, db/)',
  node: 'Node.js core with no library caller (HTTP parser, sockets, timers, microtasks)',
  gc: 'Garbage collection',
  program: 'V8 / native, unattributed ("(program)")',
} as const;

function classifyPath(p: string): string | null {
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + 'node_modules/'.length);
    // PGlite bundles async-mutex (its query lock); its source map points at async-mutex's sources.
    if (rest.startsWith('@electric-sql/') || rest.startsWith('async-mutex/')) return COMPONENT.pgliteJs;
    if (rest.startsWith('next/') || rest.startsWith('@next/')) return COMPONENT.next;
    if (WEBAUTHN_PACKAGES.some((w) => rest.startsWith(w))) return COMPONENT.webauthn;
    // drizzle-orm's own source maps point at "../src/…", which the Next.js build resolves to node_modules/src/.
    if (rest.startsWith('drizzle-orm/') || rest.startsWith('src/')) return COMPONENT.drizzle;
    if (rest.startsWith('zod/')) return COMPONENT.zod;
    const parts = rest.split('/');
    return `other package: ${parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  if (/(^|\/)(lib|app|db)\/|instrumentation\.ts/.test(p)) return COMPONENT.app;
  return null;
}

export function analyzeProfile(file: string, windows: readonly Window[], options: { root: string; topN?: number }): ProfileBreakdown {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }

  const maps = new Map<string, SourceMap | null>();
  const sourceMapFor = (url: string): SourceMap | null => {
    if (maps.has(url)) return maps.get(url) ?? null;
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith('file://') ? fileURLToPath(url) : url;
      if (file.startsWith('/') && existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
    return map;
  };

  /** The frame's original file and line (through the source map next to the file, when there is one). */
  const located = new Map<number, string>();
  const originalOf = (node: ProfileNode): string => {
    const cached = located.get(node.id);
    if (cached !== undefined) return cached;
    const { url, lineNumber, columnNumber } = node.callFrame;
    let where = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (where.startsWith('/')) {
      const entry = sourceMapFor(url)?.findEntry(lineNumber, columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
      if (entry?.originalSource) {
        const source = decodeURIComponent(entry.originalSource.replace(/^[a-z]+:\/\/\/?/i, ''));
        where = `${path.resolve(path.dirname(where), source)}:${(entry.originalLine ?? 0) + 1}`;
      }
      where = path.relative(options.root, where);
    }
    located.set(node.id, where);
    return where;
  };

  const own = (node: ProfileNode): string | null => {
    const { functionName, url } = node.callFrame;
    if (functionName === '(garbage collector)') return COMPONENT.gc;
    if (functionName === '(program)') return COMPONENT.program;
    if (functionName === '(idle)') return 'idle';
    if (url.startsWith('wasm://')) return COMPONENT.pgliteWasm;
    if (url === '' || url.startsWith('node:')) return null;
    return classifyPath(originalOf(node));
  };

  const componentCache = new Map<number, string>();
  const componentOf = (id: number): string => {
    const cached = componentCache.get(id);
    if (cached) return cached;
    let cur: number | undefined = id;
    let found: string | null = null;
    let inherited = false;
    while (cur !== undefined && found === null) {
      const node = byId.get(cur);
      if (!node) break;
      found = own(node);
      if (found === null) inherited = true;
      cur = parent.get(cur);
    }
    let result = found ?? COMPONENT.node;
    // Node.js work on behalf of PGlite's JavaScript (its Emscripten file system calls fs.*Sync).
    if (inherited && result === COMPONENT.pgliteJs) result = COMPONENT.pgliteNode;
    componentCache.set(id, result);
    return result;
  };

  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  let t = profile.startTime;
  let idleUs = 0;
  let busyUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (!windows.some((w) => t >= w.startUs && t <= w.endUs)) continue;
    // A sample stands for the time until the next one.
    const dur = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i] ?? 0;
    const comp = componentOf(id);
    if (comp === 'idle') {
      idleUs += dur;
      continue;
    }
    busyUs += dur;
    components.set(comp, (components.get(comp) ?? 0) + dur);
    const node = byId.get(id);
    if (node) {
      const where = node.callFrame.url.startsWith('wasm://')
        ? 'PGlite WebAssembly'
        : originalOf(node)
            .replace(/^.*node_modules\/src\//, 'drizzle-orm/src/')
            .replace(/^.*node_modules\//, '');
      const key = `${node.callFrame.functionName || '(anonymous)'} — ${where || 'native'}`;
      functions.set(key, (functions.get(key) ?? 0) + dur);
    }
  }
  const shares = (m: Map<string, number>, n: number): Share[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return { busyMs: busyUs / 1000, idleMs: idleUs / 1000, components: shares(components, 50), topFunctions: shares(functions, options.topN ?? 12) };
}

/** Newest .cpuprofile in a directory. */
export function profileIn(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0];
}
