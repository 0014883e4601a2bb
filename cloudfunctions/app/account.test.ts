import { sandboxWxPhone } from '../adapters/local/sandboxWxPhone';
import { createStudentMain } from '../functions/student';
import { openWorkflowWorld, type WorkflowWorld } from './testing/workflowWorld';

/** `student.me` and `student.bindPhone` through the student function's entry, identity from the context. */
let w: WorkflowWorld;
beforeEach(async () => {
  w = await openWorkflowWorld();
});
afterEach(() => w.close());

type Reply = { ok: true; data: { user: Record<string, unknown> } } | { ok: false; error: { code: string; message: string } };
const callAs = (openid: string | undefined) => (action: string, input: unknown) =>
  createStudentMain(w.deps)({ action, input }, openid === undefined ? {} : { OPENID: openid }) as Promise<Reply>;

describe('student.me', () => {
  it('creates a first-time WeChat user as a student, once, with no phone bound', async () => {
    const call = callAs('o-new-student');
    const first = await call('me', {});
    expect(first).toEqual({ ok: true, data: { user: { openid: 'o-new-student', roles: ['student'], phoneBound: false } } });
    expect(await call('me', {})).toEqual(first);
    expect(await w.db.collection('users').find({ where: { openid: 'o-new-student' } })).toEqual([expect.objectContaining({ roles: ['student'], createdAt: w.clock.now() })]);
  });

  it('tells a reviewer their role and school, which choose the app’s tabs', async () => {
    const school = await w.school('10538');
    const reviewer = await w.staff('reviewer', school);
    expect(await callAs(reviewer.openid)('me', {})).toEqual({
      ok: true,
      data: { user: { openid: reviewer.openid, roles: ['reviewer'], schoolId: school.id, schoolName: '学校10538', phoneBound: false } },
    });
  });

  it('refuses a call without the platform’s identity, and identity or fields in the input', async () => {
    expect(await callAs(undefined)('me', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await callAs('o1')('me', { openid: 'someone-else' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await w.db.collection('users').count()).toBe(0);
  });
});

describe('student.bindPhone', () => {
  it('binds the number WeChat gives for the button code, shown masked in every reply and kept in full only in the record', async () => {
    const { phone } = await sandboxWxPhone.phoneNumber('sandbox-zhangsan');
    const call = callAs('o-zhangsan');
    const bound = await call('bindPhone', { code: 'sandbox-zhangsan' });
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    expect(bound).toEqual({ ok: true, data: { user: { openid: 'o-zhangsan', roles: ['student'], phoneMasked: masked, phoneBound: true } } });
    const again = await call('me', {});
    expect(again).toEqual(bound);
    expect(JSON.stringify([bound, again])).not.toContain(phone);
    expect(await w.db.collection('users').get('o-zhangsan')).toMatchObject({ phone });
  });

  it('keeps the staff roles of a user who binds a phone', async () => {
    const school = await w.school('10538');
    const admin = await w.staff('school', school);
    expect(await callAs(admin.openid)('bindPhone', { code: 'sandbox-admin' })).toMatchObject({ ok: true, data: { user: { roles: ['school'], schoolId: school.id, phoneBound: true } } });
  });

  it('refuses a code WeChat would not accept and keeps the number already bound', async () => {
    const call = callAs('o-lisi');
    const bound = await call('bindPhone', { code: 'sandbox-lisi' });
    expect(await call('bindPhone', { code: 'real-wechat-code-0a1b2c' })).toEqual({
      ok: false,
      error: { code: 'PHONE_CODE_INVALID', message: '手机号授权已失效，请重新点击「手机号快捷登录」' },
    });
    expect(await call('bindPhone', { code: 'sandbox lisi; drop' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '手机号授权码格式不正确，请重新点击「手机号快捷登录」' } });
    expect(await call('me', {})).toEqual(bound);
  });
});
