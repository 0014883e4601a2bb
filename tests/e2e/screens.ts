/**
 * The H5 screens as a user drives them: by visible Chinese text and accessible labels, the way a
 * student or reviewer finds them. Taro's H5 router keeps earlier pages of the stack in the DOM, hidden,
 * so every locator looks at visible elements only.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { FIXTURES } from './harness';

/** Taro renders inputs inside a labelled <taro-input-core>; this is the real <input>. */
export const field = (page: Page, label: string) => page.locator(`taro-input-core[aria-label="${label}"]:visible input`);
/** A button by its exact visible text (Taro renders <taro-button-core>). */
export const button = (page: Page, text: string) => page.locator('taro-button-core:visible').filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) });
/** A labelled image (Taro renders <taro-image-core>). */
export const image = (page: Page, label: string) => page.locator(`taro-image-core[aria-label="${label}"]:visible`);
/** The file input behind an image picker, by its label. */
export const picker = (page: Page, label: string) => page.locator(`input[type=file][aria-label="${label}"]`);

export async function devLogin(page: Page, baseUrl: string, role: '学生' | '审核员' | '学校管理员', opts: { openid?: string; schoolId?: string } = {}) {
  await page.goto(`${baseUrl}/#/pages/login/index`);
  await page.getByRole('radio', { name: role }).click();
  if (opts.openid) await field(page, '用户标识').fill(opts.openid);
  if (opts.schoolId) await field(page, '学校ID').fill(opts.schoolId);
  await button(page, '登录').click();
}

export async function enrol(page: Page, input: { batchCode: string; idLast4: string; codeImage: string }) {
  await button(page, '添加学历').first().click();
  await field(page, '特征码').fill(input.batchCode);
  await field(page, '身份证号后4位').fill(input.idLast4);
  await picker(page, '从相册选择采集码图片').setInputFiles(input.codeImage);
  await image(page, '采集码图片').waitFor();
  await button(page, '下一步').click();
  await page.getByText('资格展示').waitFor();
}

/** Picks a fixture photo on the capture screen and waits for the check result screen. */
export async function uploadPhoto(page: Page, fixture: string) {
  await picker(page, '从相册选择照片').setInputFiles(path.join(FIXTURES, fixture));
  await page.locator('[aria-label="检测结果"]:visible').waitFor({ timeout: 120_000 });
}
