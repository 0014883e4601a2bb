import { tcbOutputSaysLoggedIn } from './deployCheck';

describe('reading tcb’s output (it exits 0 either way)', () => {
  it('sees a login prompt as not logged in', () => {
    expect(tcbOutputSaysLoggedIn('✖ 您还没有登录，请使用 tcb login 登录')).toBe(false);
    expect(tcbOutputSaysLoggedIn('Error: 未登录，请先登录')).toBe(false);
    expect(tcbOutputSaysLoggedIn('')).toBe(false);
  });

  it('sees an environment listing as logged in', () => {
    expect(tcbOutputSaysLoggedIn('┌──────────┬────────────┐\n│ 别名     │ 环境 Id    │\n│ EnvId    │ gradphoto-1a2b │')).toBe(true);
  });
});
