/**
 * @jest-environment jsdom
 *
 * The weapp build, rendered outside WeChat: miniprogram-simulate (WeChat's own wcc template compiler
 * and j-component) renders the student home page and the login page from dist/weapp, and a tap (or
 * the phone button's event) reaches a mocked wx.cloud.callFunction with the protocol's `{action, input}`.
 */
/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import simulate from 'miniprogram-simulate';

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'weapp');

function newest(target: string): number {
  const stat = statSync(target);
  return stat.isDirectory() ? readdirSync(target).reduce((m, n) => Math.max(m, newest(path.join(target, n))), stat.mtimeMs) : stat.mtimeMs;
}

/** Builds dist/weapp unless it is newer than src/. */
function ensureWeappBuild(): void {
  const built = path.join(DIST, 'app.js');
  if (existsSync(built) && statSync(built).mtimeMs > newest(path.join(ROOT, 'src'))) return;
  const result = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('npm run build:weapp failed');
}

type Handler = (options: Record<string, unknown>) => Record<string, unknown>;
const storage = new Map<string, unknown>();
const callFunction = jest.fn();

/** The slice of `wx` the Taro runtime and the home page touch. */
function installWx(): void {
  const ok = (extra: Record<string, unknown> = {}) => ({ errMsg: 'ok', ...extra });
  const wx: Record<string, unknown> = {
    getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, platform: 'devtools', SDKVersion: '3.6.0' }),
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    arrayBufferToBase64: (buffer: ArrayBuffer) => Buffer.from(buffer).toString('base64'),
    navigateTo: jest.fn<Record<string, unknown>, [Record<string, unknown>]>(ok),
    reLaunch: jest.fn<Record<string, unknown>, [Record<string, unknown>]>(ok),
    redirectTo: jest.fn<Record<string, unknown>, [Record<string, unknown>]>(ok),
    cloud: { init: jest.fn(), callFunction, uploadFile: jest.fn() },
  };
  Object.assign(globalThis, { wx });
}

/** The route of the page being rendered (Taro finds a page's config by it). */
let currentRoute = 'pages/index/index';

/** WeChat's Page and App constructors, which miniprogram-simulate lacks: a page is a component. */
function installPageShim(): void {
  let app: Record<string, unknown> = {};
  Object.assign(globalThis, {
    App: (options: Record<string, unknown>) => {
      app = options;
      (options.onLaunch as Handler | undefined)?.call(options, {});
    },
    getApp: () => app,
    getCurrentPages: () => [],
    Page: (options: Record<string, unknown>) => {
      const methods = Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v === 'function'));
      (globalThis as unknown as { Component: (o: unknown) => void }).Component({
        data: options.data,
        methods,
        lifetimes: {
          attached(this: Record<string, Handler>) {
            this.route = currentRoute as unknown as Handler;
            this.onLoad?.call(this, {});
            this.onShow?.call(this, {});
          },
          ready(this: Record<string, Handler>) {
            this.onReady?.call(this, {});
          },
        },
      });
    },
  });
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 50));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (condition()) return;
    await flush();
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The student function's answers, per action, in the order they are asked. */
const answers: Record<string, (() => Promise<unknown>)[]> = {};
const ok = (data: unknown) => () => Promise.resolve({ result: { ok: true, data } });
const actionsCalled = () => callFunction.mock.calls.map(([options]) => (options as { data: { action: string } }).data.action);

describe('weapp build: the student home page and the WeChat login', () => {
  beforeAll(() => {
    ensureWeappBuild();
    installWx();
    installPageShim();
    callFunction.mockImplementation((options: { data: { action: string } }) => {
      const next = answers[options.data.action]?.shift();
      return next ? next() : Promise.reject(new Error(`no answer for ${options.data.action}`));
    });
    storage.set('gradphoto.session', { token: '', user: { roles: ['student'] } });
  });

  it('renders, and its retry button calls the student function through wx.cloud.callFunction', async () => {
    // The app asks who the user is on start: a role granted since the last start shows as a tab.
    answers.me = [ok({ user: { openid: 'o-student', roles: ['student', 'reviewer'], schoolId: 's1', schoolName: '演示大学', phoneMasked: '170****1234', phoneBound: true } })];
    answers.listEnrollments = [() => Promise.reject(new Error('network down')), ok({ enrollments: [] })];

    await import(path.join(DIST, 'app.js'));
    const id = simulate.load(path.join(DIST, 'pages', 'index', 'index'), 'home-page', { rootPath: DIST });
    const page = simulate.render(id);
    page.attach(document.createElement('parent-wrapper'));

    await until(() => (page.dom?.textContent ?? '').includes('重试'), 'the error state');
    expect(page.dom?.textContent).toContain('我的学历');
    expect(page.dom?.textContent).toContain('网络连接失败');
    expect(callFunction).toHaveBeenCalledWith(expect.objectContaining({ name: 'student', data: { action: 'listEnrollments', input: {} } }));

    const retry = page.querySelectorAll('.btn').find((node) => node.dom?.textContent?.includes('重试'));
    expect(retry).toBeDefined();
    retry?.dispatchEvent('tap');

    await until(() => (page.dom?.textContent ?? '').includes('还没有添加学历'), 'the empty state after the retry');
    expect(actionsCalled().filter((action) => action === 'listEnrollments')).toHaveLength(2);
    expect(callFunction).toHaveBeenCalledWith(expect.objectContaining({ name: 'student', data: { action: 'me', input: {} } }));
    await until(() => page.querySelectorAll('.tabbar__item').some((tab) => tab.dom?.textContent?.includes('审核')), 'the reviewer tab from student.me');
    expect(storage.get('gradphoto.session')).toMatchObject({ user: { roles: ['student', 'reviewer'], phoneMasked: '170****1234' } });
  });

  it('logs in with the 手机号快捷登录 button: bindPhone with the button code, then me, then the home of the roles', async () => {
    storage.delete('gradphoto.session');
    answers.bindPhone = [ok({ user: { openid: 'o-new', roles: ['student'], phoneMasked: '170****5678', phoneBound: true } })];
    answers.me = [ok({ user: { openid: 'o-new', roles: ['reviewer'], schoolId: 's1', schoolName: '演示大学', phoneMasked: '170****5678', phoneBound: true } })];
    callFunction.mockClear();
    currentRoute = 'pages/login/index';
    const id = simulate.load(path.join(DIST, 'pages', 'login', 'index'), 'login-page', { rootPath: DIST });
    const page = simulate.render(id);
    page.attach(document.createElement('parent-wrapper'));
    await until(() => (page.dom?.textContent ?? '').includes('手机号快捷登录'), 'the login screen');
    const phoneButton = () => page.querySelectorAll('.btn').find((node) => node.dom?.textContent?.includes('手机号快捷登录'));

    phoneButton()?.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    await until(() => (page.dom?.textContent ?? '').includes('需要授权手机号才能继续'), 'the refusal message');
    expect(callFunction).not.toHaveBeenCalled();

    phoneButton()?.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: 'dyn-code-1' } });
    const reLaunch = (globalThis as unknown as { wx: { reLaunch: jest.Mock } }).wx.reLaunch;
    await until(() => reLaunch.mock.calls.some(([options]) => String((options as { url: string }).url).includes('review')), 'the reviewer home');
    expect(actionsCalled()).toEqual(['bindPhone', 'me']);
    expect(callFunction).toHaveBeenCalledWith(expect.objectContaining({ name: 'student', data: { action: 'bindPhone', input: { code: 'dyn-code-1' } } }));
    expect(storage.get('gradphoto.session')).toEqual({ token: '', user: expect.objectContaining({ roles: ['reviewer'], schoolName: '演示大学', phoneMasked: '170****5678' }) });
  });
});
