import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '@/test/support/context';
import { getPreferences, updateAccountSettings } from './preferences';
import { enrolStaff } from './test-support';
import { listStaffUsers } from './users';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext();
});
afterEach(async () => ctx.dispose());

describe('staff preferences', () => {
  it('start unset (follow the browser), then keep a name, language and time zone; null clears them', async () => {
    const staff = await enrolStaff(ctx, ['admin']);
    expect(await getPreferences(ctx, staff.user.id)).toEqual({ locale: null, timeZone: null });
    const saved = await updateAccountSettings(ctx, staff.user.id, { name: '  王芳  ', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(saved).toEqual({ name: '王芳', locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect(await getPreferences(ctx, staff.user.id)).toEqual({ locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    expect((await listStaffUsers(ctx)).find((u) => u.id === staff.user.id)?.name).toBe('王芳');
    await updateAccountSettings(ctx, staff.user.id, { timeZone: null });
    expect(await getPreferences(ctx, staff.user.id)).toEqual({ locale: 'zh-CN', timeZone: null });
  });

  it('refuses an unknown language, an unknown zone or a blank name by field, and changes nothing', async () => {
    const staff = await enrolStaff(ctx, ['uploader']);
    await updateAccountSettings(ctx, staff.user.id, { name: 'Ada', locale: 'en', timeZone: 'UTC' });
    await expect(updateAccountSettings(ctx, staff.user.id, { locale: 'fr', name: 'Eve' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('locale') });
    await expect(updateAccountSettings(ctx, staff.user.id, { timeZone: 'Mars/Olympus', name: 'Eve' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('"Mars/Olympus"') });
    await expect(updateAccountSettings(ctx, staff.user.id, { name: '   ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('name') });
    expect(await getPreferences(ctx, staff.user.id)).toEqual({ locale: 'en', timeZone: 'UTC' });
    expect((await listStaffUsers(ctx)).find((u) => u.id === staff.user.id)?.name).toBe('Ada');
  });

  it('answers NOT_FOUND for an account that does not exist', async () => {
    await expect(updateAccountSettings(ctx, '00000000-0000-4000-8000-000000000000', { locale: 'en' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
