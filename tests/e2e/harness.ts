/**
 * What the browser tests run on: a fresh local cloud (own data folder, free port, demo seed) serving
 * the H5 build, and Debian's Chromium driven by playwright-core.
 */
/// <reference lib="dom" />
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { idCheckChar } from '../../cloudfunctions/codes/chineseId';
import { demoInfoSchema, type DemoInfo } from '../../cloudfunctions/local/seed';
import { ensureH5Build } from '../../scripts/h5Build';

export { ensureH5Build };

export const ROOT = path.resolve(__dirname, '..', '..');
// The shared fixtures sit beside the repository (as for the engine's tests).
export const FIXTURES = process.env.GRADPHOTO_FIXTURES ?? path.resolve(ROOT, '..', 'shared', 'fixtures', 'photos');
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LocalCloud {
  url: string;
  demo: DemoInfo;
  stop(): Promise<void>;
}

/** Starts `cloudfunctions/local/main.ts` on port 0 with a throw-away data folder. */
export async function startLocalCloud(): Promise<LocalCloud> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradphoto-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cloudfunctions/local/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', GRADPHOTO_DATA: dataDir, GRADPHOTO_WARM_ENGINE: 'true', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start:\n${log}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /LISTENING (\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`local cloud exited with ${code}:\n${log}`)));
  });
  const demo = demoInfoSchema.parse(JSON.parse(readFileSync(path.join(dataDir, 'demo', 'demo.json'), 'utf8')));
  return {
    url: `http://127.0.0.1:${port}`,
    demo,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium; playwright-core gives every launch a fresh temporary profile (--user-data-dir). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** A phone-sized page (375×667 unless told) with its own storage, so each user has their own session. */
export async function phone(browser: Browser, viewport = { width: 375, height: 667 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  return { context, page: await context.newPage() };
}

/**
 * Saves the whole current screen as test-results/e2e/<flow>/<nn>-<step>.png. Taro's H5 pages scroll
 * inside their own container, so the viewport is stretched to the page's height for the picture.
 */
export function screenshots(flow: string) {
  const dir = path.join(SHOTS, flow);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, step: string) => {
    n += 1;
    // Let Taro's page transition (a slide of about 300 ms) finish, so the picture is of the settled screen.
    await page.waitForTimeout(500);
    const viewport = page.viewportSize();
    const height = await page.evaluate(() =>
      Math.max(0, ...Array.from(document.querySelectorAll<HTMLElement>('.page')).map((el) => (el.offsetParent ? el.scrollHeight : 0))),
    );
    if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
    await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${step}.png`) });
    if (viewport && height > viewport.height) await page.setViewportSize(viewport);
  };
}

/**
 * Issues a sandbox 采集码 image with the project's CLI (`gradphoto-codes issue`), as a school's test
 * issuer would; returns the PNG's path and the last 4 digits of the ID number.
 */
export function issueCodeImage(student: { number: string; name: string; birth: string; school: { code: string; name: string } }): { file: string; idLast4: string } {
  const first17 = `430104${student.birth}${student.number.slice(-3)}`;
  const id = first17 + idCheckChar(first17);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'gradphoto-code-')), `code-${student.number}.png`);
  const result = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'cloudfunctions/codes/bin/gradphoto-codes.cjs'),
      'issue',
      ...['--number', student.number, '--name', student.name, '--id', id],
      ...['--school-code', student.school.code, '--school', student.school.name, '--level', '本科', '--major', '软件工程', '--grad-year', '2026'],
      ...['--out', file],
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`gradphoto-codes issue failed: ${result.stderr}`);
  return { file, idLast4: id.slice(-4) };
}

/** Platform operations done by ops over the protocol (there is no ops screen): a new school. */
export async function createSchool(cloud: LocalCloud, school: { code: string; name: string }): Promise<{ id: string; code: string; name: string }> {
  const post = async (route: string, body: unknown, token?: string) => {
    const response = await fetch(`${cloud.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const envelope = (await response.json()) as { ok: boolean; data?: unknown; error?: unknown };
    if (!envelope.ok) throw new Error(`${route} failed: ${JSON.stringify(envelope.error)}`);
    return envelope.data;
  };
  const { token } = (await post('/api/dev/login', { role: 'ops' })) as { token: string };
  const { school: created } = (await post('/api/ops', { action: 'createSchool', input: school }, token)) as { school: { id: string; code: string; name: string } };
  return created;
}
