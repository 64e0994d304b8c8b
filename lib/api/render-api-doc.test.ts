import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors';
import { buildOpenApi } from './openapi';
import { renderApiDoc } from './render-api-doc';

describe('API documentation', () => {
  it('docs/api.md is what `npm run docs:api` generates from the code', () => {
    expect(readFileSync('docs/api.md', 'utf8')).toBe(renderApiDoc());
  });

  it('documents every error code', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    for (const code of ERROR_CODES) expect(doc).toContain(`\`${code}\``);
  });

  it('the OpenAPI document has the operationIds clients depend on', () => {
    const spec = buildOpenApi('http://localhost:3000') as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(spec.openapi).toBe('3.1.0');
    const ids = Object.values(spec.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
    for (const id of [
      'uploadDocument',
      'createSigningRequest',
      'getSigningRequest',
      'listSigningRequests',
      'getCeremony',
      'beginSigning',
      'finishRegistration',
      'completeSigning',
      'declineSigning',
      'getEvidence',
      'getHealth',
    ]) {
      expect(ids).toContain(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
