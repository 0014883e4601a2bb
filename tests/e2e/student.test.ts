/**
 * End to end in a real browser: the H5 build on a fresh local cloud, driven like a student on a phone,
 * a reviewer and a school admin. Screenshots of every step land in test-results/e2e/<flow>/.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createSchool, ensureH5Build, issueCodeImage, launchBrowser, phone, screenshots, startLocalCloud, type LocalCloud } from './harness';
import { Client } from '../support/client';
import { button, devLogin, enrol, field, uploadPhoto } from './screens';

jest.setTimeout(300_000);

let cloud: LocalCloud;
let browser: Browser;

beforeAll(async () => {
  ensureH5Build();
  cloud = await startLocalCloud();
  browser = await launchBrowser();
}, 1_200_000);

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
});

type Shot = (page: Page, step: string) => Promise<void>;
const visible = (page: Page, text: string) => page.getByText(text, { exact: false }).filter({ visible: true }).first();

/** A student with a fresh session who has added a 学历 with the given 采集码 image and sees its page. */
async function enrolledStudent(
  shot: Shot,
  code: { file: string; idLast4: string; number: string; name: string },
  batchCode = cloud.demo.batch.code,
): Promise<Page> {
  const { page } = await phone(browser);
  await devLogin(page, cloud.url, '学生');
  await visible(page, '还没有添加学历').waitFor();
  await shot(page, 'home-empty');
  // The 特征码 is typed in lower case: the screen upper-cases it, as students type it either way.
  await enrol(page, { batchCode: batchCode.toLowerCase(), idLast4: code.idLast4, codeImage: code.file });
  await visible(page, code.number).waitFor();
  await visible(page, `${code.name.slice(0, 1)}*`).waitFor();
  await shot(page, 'qualification');
  await button(page, '确认添加').click();
  await visible(page, '还没有照片').waitFor();
  await shot(page, 'enrolled');
  return page;
}

async function openCapture(page: Page, shot: Shot, firstTime: boolean) {
  await button(page, firstTime ? '拍摄或上传照片' : '重新拍摄或上传').click();
  if (firstTime) {
    await visible(page, '正确与错误示例').waitFor();
    await shot(page, 'rules');
    await button(page, '我已了解，开始拍照').click();
  }
  await visible(page, '头顶在黄色区域内').waitFor();
  await shot(page, 'capture');
}

/** 「重新制作」 on the result screen: the standard photo is replaced by the other cut-out, seen at both phone sizes. */
async function remakeStandardPhoto(page: Page, shot: Shot) {
  const standard = page.locator('taro-image-core[aria-label="标准照"]:visible img');
  const before = await standard.getAttribute('src');
  await button(page, '重新制作').click();
  await visible(page, '正在重新制作').waitFor();
  // While it runs, nothing else may be done to the photo.
  expect(await button(page, '提交审核').getAttribute('disabled')).toBe('');
  await shot(page, 'remaking');
  await visible(page, '已重新制作标准照').waitFor({ timeout: 120_000 });
  await page.waitForFunction((old) => {
    const img = Array.from(document.querySelectorAll<HTMLImageElement>('taro-image-core[aria-label="标准照"] img')).find((el) => el.offsetParent);
    return img && img.complete && img.naturalWidth > 0 && img.getAttribute('src') !== old;
  }, before);
  await shot(page, 'remade');
  const viewport = page.viewportSize()!;
  await page.setViewportSize({ width: 414, height: 896 });
  await shot(page, 'remade-414x896');
  await page.setViewportSize(viewport);
}

async function submitGoodPhoto(page: Page, shot: Shot, fixture: string, firstTime: boolean, options: { remake?: boolean } = {}) {
  await openCapture(page, shot, firstTime);
  await uploadPhoto(page, fixture);
  await visible(page, '照片检测通过').waitFor();
  await page.locator('taro-image-core[aria-label="标准照"]:visible').waitFor();
  await shot(page, 'good-photo-passed');
  if (options.remake) await remakeStandardPhoto(page, shot);
  await button(page, '提交审核').click();
  await button(page, '撤回审核').waitFor();
  await shot(page, 'submitted');
}

async function reviewer(schoolId = cloud.demo.school.id): Promise<Page> {
  const { page } = await phone(browser, { width: 414, height: 896 });
  await devLogin(page, cloud.url, '审核员', { openid: `reviewer-${schoolId}`, schoolId });
  await visible(page, '待审核').waitFor();
  return page;
}

async function openReview(page: Page, nameMasked: string, shot: Shot) {
  await page.locator(`[aria-label="审核 ${nameMasked}"]:visible`).first().click();
  await page.locator('taro-image-core[aria-label="原始照片"]:visible').waitFor();
  await page.locator('taro-image-core[aria-label="标准照"]:visible').waitFor();
  await visible(page, '眼睛位置').waitFor();
  await shot(page, 'review-detail');
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync(await download.path());
}

describe('GradPhoto in the browser', () => {
  it('golden path: school opens a batch, student enrols, bad photo refused, good photo passes, 重新制作, submit, reviewer approves (key A), pay, school exports, student downloads', async () => {
    const shot = screenshots('golden');
    const college = await createSchool(cloud, { code: '10001', name: '示例师范大学' });

    const { page: school } = await phone(browser);
    await devLogin(school, cloud.url, '学校管理员', { openid: 'admin-10001', schoolId: college.id });
    await visible(school, '还没有批次').waitFor();
    await button(school, '创建批次').click();
    await field(school, '批次名称').fill('2026届毕业生图像采集');
    await shot(school, 'create-batch');
    await button(school, '创建并生成特征码').click();
    await school.locator('taro-image-core[aria-label="批次二维码"]:visible').waitFor();
    const batchCode = (await school.locator('.school__code').filter({ visible: true }).first().innerText()).trim();
    expect(batchCode).toMatch(/^[A-Z0-9]{6}$/);
    await shot(school, 'batch-qr');

    const code = { ...issueCodeImage({ number: '2026100010001', name: '赵六', birth: '20030505', school: college }), number: '2026100010001', name: '赵六' };
    const student = await enrolledStudent(shot, code, batchCode);

    await openCapture(student, shot, true);
    await uploadPhoto(student, 'bad-blurred.jpg');
    await visible(student, '照片未通过检测').waitFor();
    await visible(student, '照片模糊').waitFor();
    await visible(student, '请对焦后重拍').waitFor();
    await shot(student, 'bad-photo-refused');
    expect(await button(student, '提交审核').count()).toBe(0);

    // 「重新制作」 costs no free check: two checks, one remake, 8 of 10 left.
    await submitGoodPhoto(student, shot, 'ok-gray-bg.jpg', false, { remake: true });
    await visible(student, '剩余免费检测次数：8 次').waitFor();
    expect(await button(student, '重新制作').count()).toBe(0);

    const review = await reviewer(college.id);
    await shot(review, 'review-queue');
    await openReview(review, `${code.name.slice(0, 1)}*`, shot);
    await review.keyboard.press('a');
    await visible(review, '没有待审核的照片').waitFor();
    await shot(review, 'review-queue-empty');

    await student.reload();
    await visible(student, '审核已通过，请支付采集费').waitFor();
    await shot(student, 'approved-pay');
    await button(student, '支付 ¥25.00').click();
    await visible(student, '照片已锁定').waitFor();
    await shot(student, 'paid');

    await school.reload();
    await visible(school, '采集进度').waitFor();
    await shot(school, 'batch-progress');
    await button(school, '导出照片').click();
    await button(school, '下载导出文件').waitFor({ timeout: 120_000 });
    await shot(school, 'exported');
    const zip = await downloaded(school, () => button(school, '下载导出文件').click());
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');

    await student.reload();
    await visible(student, '采集已完成').waitFor();
    await shot(student, 'delivered');
    const jpeg = await downloaded(student, () => button(student, '保存照片').click());
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    await student.goto(`${cloud.url}/#/pages/index/index`);
    await student.locator('[aria-label="示例师范大学 本科"]:visible').waitFor();
    await visible(student, '已完成').waitFor();
    await shot(student, 'home');
    await student.getByRole('tab', { name: '我的' }).filter({ visible: true }).click();
    await visible(student, '¥25.00').waitFor();
    await shot(student, 'me-orders');
    await student.locator('[aria-label="消息"]:visible').click();
    await visible(student, '审核').waitFor();
    await shot(student, 'notifications');
  });

  it('withdraw: a submitted photo is taken back and another one can be uploaded', async () => {
    const shot = screenshots('withdraw');
    const page = await enrolledStudent(shot, cloud.demo.codes[1]!);
    await submitGoodPhoto(page, shot, 'ok-red-bg-tight.jpg', true);
    await button(page, '撤回审核').click();
    await visible(page, '撤回后可以重新上传照片').waitFor();
    await shot(page, 'withdraw-confirm');
    await page.getByText('确定', { exact: true }).filter({ visible: true }).click();
    await button(page, '重新拍摄或上传').waitFor();
    await page.locator('.tag', { hasText: '已撤回' }).filter({ visible: true }).first().waitFor();
    await shot(page, 'withdrawn');

    // 勘误 from the same screen: the name 学信网 shows is wrong.
    await visible(page, '申请勘误').click();
    await page.getByRole('radio', { name: '姓名' }).filter({ visible: true }).click();
    await field(page, '正确的信息').fill('李思');
    await button(page, '提交勘误').click();
    await visible(page, '→ 李思').waitFor();
    await shot(page, 'errata');
  });

  it('reject then resubmit: the reviewer rejects with reasons and a note, the student sees them and submits a new photo', async () => {
    const shot = screenshots('reject-resubmit');
    const issued = issueCodeImage({ number: '2026430109003', name: '王五', birth: '20040303', school: cloud.demo.school });
    const student = await enrolledStudent(shot, { ...issued, number: '2026430109003', name: '王五' });
    await submitGoodPhoto(student, shot, 'ok-full-body.jpg', true);

    const review = await reviewer();
    await openReview(review, '王*', shot);
    await review.getByRole('checkbox', { name: '背景不符合要求' }).click();
    await review.getByRole('checkbox', { name: '光线不均匀' }).click();
    await review.locator('taro-textarea-core[aria-label="审核意见"] textarea').fill('请在白墙前重新拍摄');
    await shot(review, 'reject-reasons');
    await button(review, '退回').click();
    await visible(review, '没有待审核的照片').waitFor();

    await student.reload();
    await visible(student, '审核未通过').waitFor();
    await visible(student, '背景不符合要求').waitFor();
    await visible(student, '请在白墙前重新拍摄').waitFor();
    await visible(student, '前重新上传并提交').waitFor();
    await shot(student, 'rejected');

    await submitGoodPhoto(student, shot, 'ok-red-bg-tight.jpg', false);
    // The timeline keeps the rejected photo's history.
    await visible(student, '未通过').waitFor();
  });

  it('who am I: the tabs come from student.me, so a role granted since the last start shows after a reload', async () => {
    const shot = screenshots('account');
    const { page } = await phone(browser);
    await devLogin(page, cloud.url, '学生', { openid: 'e2e-granted' });
    await visible(page, '还没有添加学历').waitFor();
    const tab = (name: string) => page.getByRole('tab', { name }).filter({ visible: true });
    await tab('我的').waitFor();
    expect(await tab('审核').count()).toBe(0);

    const ops = await new Client(cloud.url).login('ops');
    await ops.ok('ops', 'grant', { openid: 'e2e-granted', role: 'reviewer', schoolId: cloud.demo.school.id });
    await page.reload();
    await tab('审核').waitFor();
    await shot(page, 'reviewer-tab-after-reload');
    await tab('我的').click();
    await visible(page, cloud.demo.school.name).waitFor();
    await shot(page, 'me');
  });
});
