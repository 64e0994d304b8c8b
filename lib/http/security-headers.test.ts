import { describe, expect, it } from 'vitest';
import { API_CSP, newNonce, pageCsp } from './security-headers';

describe('Content-Security-Policy', () => {
  it('allows scripts only from this origin or with the nonce, never unsafe-inline; forbids framing', () => {
    const csp = pageCsp('abc123==', { https: true, dev: false });
    const script = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(script).toContain("'nonce-abc123=='");
    expect(script).not.toContain('unsafe-inline');
    expect(script).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain('upgrade-insecure-requests');
    expect(pageCsp('n', { https: false, dev: false })).not.toContain('upgrade-insecure-requests');
    expect(API_CSP).toContain("frame-ancestors 'none'");
  });

  it('uses a fresh 128-bit base64 nonce per request', () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });
});
