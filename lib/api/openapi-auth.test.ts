import { describe, expect, it } from 'vitest';
import { OPERATION_ACCESS } from './access';
import { buildOpenApi } from './openapi';

describe('OpenAPI access', () => {
  it('documents every operation of the access table, each stating who may call it', () => {
    const spec = buildOpenApi('https://sign.example.com') as { paths: Record<string, Record<string, { 'x-roles'?: unknown; security?: unknown[] }>> };
    const documented = Object.entries(spec.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(Object.keys(OPERATION_ACCESS).filter((k) => !documented.includes(k))).toEqual([]);
    for (const [key, access] of Object.entries(OPERATION_ACCESS)) {
      const [method, p] = key.split(' ') as [string, string];
      const op = spec.paths[p]![method.toLowerCase()]!;
      if (access === 'public' || access === 'signer-token') {
        expect(op['x-roles'], key).toBe(access);
        expect(op.security, key).toEqual([]);
      } else {
        expect(op['x-roles'], key).toEqual(expect.arrayContaining(['admin', ...access]));
        expect(op.security, key).toEqual([{ session: [] }, { bearer: [] }]);
      }
    }
  });
});
