import { Client } from './support/client';
import { readDemo } from './support/demo';
import { freshLocalCloud } from './support/freshCloud';

/**
 * Who am I, and the phone number, over HTTP on the real local cloud: `student.me` answers from the
 * caller's identity (the bearer token here, OPENID on CloudBase); `student.bindPhone` exchanges the
 * 「手机号快捷登录」 code through the sandbox WxPhone adapter and the number is only ever shown masked.
 */
jest.setTimeout(60_000);
const local = freshLocalCloud();

it('a student sees their account, binds a phone with the button code and sees it masked', async () => {
  const student = await new Client(local.cloud.url).login('student', 'http-student');
  expect(await student.call('student', 'me', {})).toMatchObject({ ok: true, status: 200, data: { user: { openid: 'http-student', roles: ['student'], phoneBound: false } } });

  const refused = await student.call('student', 'bindPhone', { code: '081Kq7Ga1ZXqXQ0Ak3Ga1rVtYP4Kq7GW' });
  expect(refused).toMatchObject({ ok: false, status: 422, error: { code: 'PHONE_CODE_INVALID', message: '手机号授权已失效，请重新点击「手机号快捷登录」' } });

  const bound = await student.ok('student', 'bindPhone', { code: 'sandbox-http-student' });
  expect(bound.user).toEqual({ openid: 'http-student', roles: ['student'], phoneBound: true, phoneMasked: expect.stringMatching(/^170\*{4}\d{4}$/) });
  expect((await student.ok('student', 'me', {})).user).toEqual(bound.user);
});

it('the demo reviewer’s account names their role and school (the app’s tabs after a reload)', async () => {
  const demo = readDemo(local.cloud.dataDir);
  const reviewer = await new Client(local.cloud.url).login('reviewer', demo.reviewer, demo.school.id);
  expect((await reviewer.ok('student', 'me', {})).user).toEqual({ openid: demo.reviewer, roles: ['reviewer'], schoolId: demo.school.id, schoolName: demo.school.name, phoneBound: false });
});

it('answers nobody with UNAUTHENTICATED and creates no account', async () => {
  expect(await new Client(local.cloud.url).call('student', 'me', {})).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED' } });
  expect(await new Client(local.cloud.url).call('student', 'bindPhone', { code: 'sandbox-nobody' })).toMatchObject({ ok: false, status: 401, error: { code: 'UNAUTHENTICATED' } });
});
