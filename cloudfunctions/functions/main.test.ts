import { AppError } from '../contracts/errors';
import { contextIdentity } from '../adapters/local/contextIdentity';
import { userFromContext } from './authenticate';
import { createMain, type Handlers } from './main';

const code = { number: '2026430100123', nameMasked: '张*', idMasked: '430104********1236', schoolCode: '10538', schoolName: '中南林业科技大学', level: '本科', major: '计算机', gradYear: 2026 };

/** A `student` entry whose readCode handler is given per test. */
function entry(readCode: (input: unknown) => Promise<unknown>) {
  const handlers = { readCode } as unknown as Handlers<'student'>;
  return createMain('student', handlers, userFromContext(contextIdentity));
}
const signedIn = { OPENID: 'o-student' };

describe('a function entry: main(event, context)', () => {
  it('refuses a malformed request, an unknown action and a caller without identity', async () => {
    const main = entry(async () => ({ code }));
    expect(await main({ input: {} }, signedIn)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await main({ action: 'dropTables' }, signedIn)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '未知操作：dropTables' } });
    expect(await main({ action: 'readCode', input: { text: 'x' } }, {})).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
  });

  it('parses the input with the contract and reports the contract’s Chinese message', async () => {
    const main = entry(async () => ({ code }));
    expect(await main({ action: 'readCode', input: {} }, signedIn)).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '请提供采集码图片或扫码内容（二选一）' },
    });
    expect(await main({ action: 'readCode', input: { text: 'x', openid: 'someone-else' } }, signedIn)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('passes the caller from the context, never from the body', async () => {
    const seen: unknown[] = [];
    const handlers = { readCode: async (_input: unknown, caller: unknown) => (seen.push(caller), { code }) } as unknown as Handlers<'student'>;
    const main = createMain('student', handlers, userFromContext(contextIdentity));
    await main({ action: 'readCode', input: { text: 'x' }, OPENID: 'forged' }, signedIn);
    expect(seen).toEqual([{ openid: 'o-student' }]);
  });

  it('returns only what the output contract lists', async () => {
    const main = entry(async () => ({ code: { ...code, idNumber: '430104200001011236' }, openid: 'o-student' }));
    expect(await main({ action: 'readCode', input: { text: 'x' } }, signedIn)).toEqual({ ok: true, data: { code } });
  });

  it('turns an AppError into its code and message, and anything else into INTERNAL without details', async () => {
    const failing = entry(async () => {
      throw new AppError('CODE_INVALID', '采集码内容校验失败');
    });
    expect(await failing({ action: 'readCode', input: { text: 'x' } }, signedIn)).toEqual({ ok: false, error: { code: 'CODE_INVALID', message: '采集码内容校验失败' } });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const crashing = entry(async () => {
      throw new Error('SQLITE_CORRUPT at /srv/data/gradphoto.sqlite');
    });
    const reply = await crashing({ action: 'readCode', input: { text: 'x' } }, signedIn);
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' } });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});
