import { describe, expect, it } from 'vitest';
import { pageFilter } from './page-filter';

describe('operations page filter', () => {
  it('passes a valid filter through, dates as whole UTC days', () => {
    const r = pageFilter({ from: '2026-03-01', to: '2026-03-02', outcome: 'ok' }, 50);
    expect(r.invalid).toEqual([]);
    expect(r.query).toMatchObject({ outcome: 'ok', limit: 50 });
    expect(r.apiParams.get('from')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('names each invalid field once (for a message in the user language) and falls back to the whole log', () => {
    const r = pageFilter({ from: 'yesterday', outcome: ['maybe', 'ok'], cursor: '%%%' }, 50);
    expect(r.invalid.sort()).toEqual(['cursor', 'from', 'outcome']);
    expect(r.query).toEqual({ limit: 50 });
    expect(r.error).toContain('outcome');
  });
});
