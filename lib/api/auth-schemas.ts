import { z } from 'zod';
import { ROLES } from '../auth/actor';
import { authenticationResponseBody, registrationResponseBody } from './schemas';

/** Input shapes of the staff auth, account and admin routes. */
export const linkTokenParam = z.string().regex(/^iv_[A-Za-z0-9_-]{43}$/);
export const passkeyIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/);

const role = z.enum(ROLES);

export const signInBody = authenticationResponseBody;
/** `name`: only for the first-start setup link, the first administrator's own name. */
export const enrolBody = registrationResponseBody.extend({ label: z.string().trim().max(60).optional(), name: z.string().trim().min(1).max(120).optional() });
export const enrolOptionsBody = z.object({ name: z.string().trim().min(1).max(120).optional() }).strict();
export const addPasskeyBody = registrationResponseBody.extend({ label: z.string().trim().max(60).optional() });

export const createInviteBody = z.object({
  name: z.string().trim().min(1).max(120),
  roles: z.array(role).min(1),
  /** The invited person's address: the link is e-mailed there when SMTP_URL is set (EMAIL_INVALID otherwise checked). */
  email: z.string().max(320).nullish(),
});

export const createApiKeyBody = z.object({
  name: z.string().trim().min(1).max(120),
  roles: z.array(role).min(1),
  /** Optional expiry; absent means the key works until revoked. */
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
});

export const updateStaffUserBody = z
  .object({
    roles: z.array(role).min(1).optional(),
    seesAll: z.boolean().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.roles !== undefined || v.seesAll !== undefined || v.disabled !== undefined, 'expected at least one of roles, seesAll, disabled');

/** The caller's own settings: display name, language, time zone (null: follow the browser). */
export const updateAccountBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    locale: z.enum(['zh-CN', 'en']).nullable().optional(),
    timeZone: z.string().min(1).max(64).nullable().optional(),
  })
  .strict()
  .refine((v) => v.name !== undefined || v.locale !== undefined || v.timeZone !== undefined, 'expected at least one of name, locale, timeZone');

/**
 * The organisation's name: 1–64 characters (RFC 5280 Appendix A, ub-common-name), printable — no
 * control characters, which a certificate subject and a passkey prompt would show raw.
 */
export const updateOrganizationBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'expected no control or format characters'),
});
