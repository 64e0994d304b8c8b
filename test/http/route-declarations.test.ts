import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RouteOptions } from '@/lib/http/respond';

/**
 * Every handler under app/api declares its access and its operation-log action (or that it is
 * read-only), so no state change escapes the log because someone forgot to name it.
 */
const API_DIR = path.join(process.cwd(), 'app', 'api');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function routeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await routeFiles(full)));
    else if (entry.name === 'route.ts') out.push(full);
  }
  return out;
}

describe('route declarations', () => {
  it('every app/api handler declares roles and an action; state-changing methods are never read-only', async () => {
    const files = await routeFiles(API_DIR);
    expect(files.length).toBeGreaterThan(10);
    const problems: string[] = [];
    let handlers = 0;
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method] as { routeOptions?: RouteOptions } | undefined;
        if (!handler) continue;
        handlers++;
        const where = `${method} ${path.relative(API_DIR, file)}`;
        const o = handler.routeOptions;
        if (!o) problems.push(`${where}: not wrapped in route()`);
        else {
          if (!o.action || !/^[a-z_]+\.[a-z0-9_]+$/.test(o.action)) problems.push(`${where}: action "${o.action}" is not noun.verb`);
          if (!o.roles) problems.push(`${where}: declares no roles`);
          if (WRITES.has(method) && o.readOnly) problems.push(`${where}: a ${method} handler cannot be read-only`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(handlers).toBeGreaterThanOrEqual(files.length);
  });
});
