import { getCloudbaseContext } from '@cloudbase/node-sdk';
import { createImagingMain } from '../../functions/imaging';
import { inProcessEngine } from '../../functions/deploy/inProcessEngine';
import { readFixture } from '../../photo/testing/fixtures';
import { cloudbaseIdentity } from './cloudbaseIdentity';
import { CloudbaseFiles } from './cloudbaseFiles';
import { functionImaging } from './functionImaging';
import { HANDOFF_MS, selfInvokingJobs } from './functionJobs';
import { verifyServiceToken } from './serviceToken';
import { FakeStorage } from './testing/fakeStorage';

const key = Buffer.alloc(32, 3);
const clock = { now: () => 1_800_000_000_000 };
const request = { sourceFileId: 'f', owner: 'o', background: 'blue' as const, size: '480x640' as const, fileSizeKB: { min: 20, max: 40 } };

describe('calls between our functions on CloudBase', () => {
  it('calls imaging as a service and returns its parsed result', async () => {
    const calls: { name: string; data: { service: string } }[] = [];
    const imaging = functionImaging(
      {
        async callFunction(options) {
          calls.push(options as (typeof calls)[number]);
          return { result: { ok: true, data: { report: { verdict: 'error', error: { code: 'FILE_UNSUPPORTED', message: '文件格式不支持' }, timingMs: { total: 1 } } } } };
        },
      },
      key,
      clock,
    );
    const result = await imaging.process(request);
    expect(result.report.verdict).toBe('error');
    expect(calls[0]!.name).toBe('imaging');
    expect(verifyServiceToken(key, 'imaging', calls[0]!.data.service, clock.now())).toBe(true);
  });

  it('turns the imaging function’s error envelope back into the same error', async () => {
    const imaging = functionImaging({ callFunction: async () => ({ result: { ok: false, error: { code: 'NOT_FOUND', message: '找不到该文件，请重新上传' } } }) }, key, clock);
    await expect(imaging.process(request)).rejects.toMatchObject({ code: 'NOT_FOUND', message: '找不到该文件，请重新上传' });
  });

  it('carries 「重新制作」 and its matte variant to the imaging function, which makes the standard photo in cloud storage', async () => {
    const files = new CloudbaseFiles(new FakeStorage());
    const engine = inProcessEngine(undefined);
    const imagingMain = createImagingMain({ files, engine, identity: cloudbaseIdentity(getCloudbaseContext) });
    const sent: unknown[] = [];
    const imaging = functionImaging(
      {
        async callFunction(options) {
          sent.push(options.data);
          return { result: await imagingMain(options.data, {}) };
        },
      },
      key,
      clock,
    );
    const sourceFileId = await files.put(readFixture('ok-gray-bg.jpg'), { contentType: 'image/jpeg' });
    const made = await Promise.all((['standard', 'alternate'] as const).map((matte) => imaging.remake({ ...request, sourceFileId, matte })));
    expect(sent[1]).toMatchObject({ action: 'remake', input: { sourceFileId, matte: 'alternate' } });
    const [standard, alternate] = await Promise.all(made.map(async (result) => (await files.get(result.standard!.fileId))!.data));
    expect(made.map((result) => result.report.verdict)).toEqual(['pass', 'pass']);
    expect(alternate!.equals(standard!)).toBe(false);
  }, 120_000);

  it('hands a job to a new invocation of the same function and does not wait for it to finish', async () => {
    const seen: { data: unknown; timeout?: number }[] = [];
    const jobs = selfInvokingJobs(
      {
        async callFunction(options, opts) {
          seen.push({ data: options.data, timeout: opts?.timeout });
          throw Object.assign(new Error('ESOCKETTIMEDOUT'), { code: 'ESOCKETTIMEDOUT' });
        },
      },
      'school',
      key,
      clock,
    );
    await jobs.enqueue({ kind: 'export', id: 'job-1' });
    expect(seen[0]).toMatchObject({ data: { action: '__job', job: { kind: 'export', id: 'job-1' } }, timeout: HANDOFF_MS });
    const failing = selfInvokingJobs({ callFunction: async () => Promise.reject(new Error('FUNCTION_NOT_FOUND')) }, 'school', key, clock);
    await expect(failing.enqueue({ kind: 'export', id: 'job-2' })).rejects.toThrow('FUNCTION_NOT_FOUND');
  });
});

describe('cloud storage file ids', () => {
  it('serves only files this application stored', async () => {
    const storage = new FakeStorage();
    const files = new CloudbaseFiles(storage);
    const fileId = await files.put(readFixture('ok-gray-bg.jpg'), { contentType: 'image/jpeg' });
    expect(fileId).toMatch(/^cloud:\/\/fake-env\.[^/]+\/gradphoto\/[0-9a-f]{2}\/[0-9a-f]{24}\.jpg$/);
    const foreign = 'cloud://fake-env.6661-fake-env-1250000000/other-app/secret.jpg';
    storage.objects.set(foreign, Buffer.from('not ours'));
    expect(await files.get(foreign)).toBeNull();
    await expect(files.url(foreign, 60)).rejects.toThrow();
    await files.delete(foreign);
    expect(storage.objects.has(foreign)).toBe(true);
  });
});
