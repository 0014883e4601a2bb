import { lazyPort } from './lazyPort';

describe('a port built on first use', () => {
  it('is not built until a member is used, then built once', () => {
    let built = 0;
    const port = lazyPort(() => {
      built += 1;
      return { name: 'sandbox', prefix: 'GP1', recognizes(text: string) { return text.startsWith(this.prefix); } };
    });
    expect(built).toBe(0);
    expect(port.name).toBe('sandbox');
    expect(port.recognizes('GP1.abc')).toBe(true);
    expect(built).toBe(1);
  });

  it('fails on use, naming the missing setting, when it cannot be built', async () => {
    const port = lazyPort<{ send(): Promise<void> }>(() => {
      throw new Error('缺少环境变量 SMTP_URL（见 docs/production.md）');
    });
    expect(() => port.send()).toThrow(/SMTP_URL/);
  });
});
