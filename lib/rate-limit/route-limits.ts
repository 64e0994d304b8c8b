import type { RateLimitRule } from './enforce-limits';

/** The phone-side signing endpoints: per client address, and per signing link (token). */
export const CEREMONY_LIMITS: readonly RateLimitRule[] = [
  { bucket: 'ceremony', by: 'ip' },
  { bucket: 'ceremony-token', by: 'token' },
];

/** Uploads, per client address. */
export const UPLOAD_LIMITS: readonly RateLimitRule[] = [{ bucket: 'upload', by: 'ip' }];

/** Staff sign-in (the auth routes), per client address. */
export const SIGN_IN_LIMITS: readonly RateLimitRule[] = [{ bucket: 'sign-in', by: 'ip' }];
