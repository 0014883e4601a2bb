import { signServiceToken } from '../../adapters/cloudbase/serviceToken';
import { buildWechatPayXml, parseWechatPayXml } from '../../adapters/cloudbase/wechatPayXml';
import type { SchoolDeps } from '../../app/schoolDeps';
import type { Main } from '../main';
import { jobRunners, type AdapterSet } from './adapterSet';
import { deployedMain } from './deployedMain';

/**
 * How a deployed function's entry translates what CloudBase sends (health checks, service calls, jobs,
 * WeChat Pay's HTTP notifications, timer triggers) into calls of the function's own `main`.
 */
const serviceKey = Buffer.alloc(32, 1);

function setup(fn: 'imaging' | 'payNotify' | 'timers' | 'school', reply: Awaited<ReturnType<Main>> = { ok: true, data: { done: true } }) {
  const calls: { event: unknown; context: unknown }[] = [];
  const runners = jobRunners();
  const jobs: string[] = [];
  runners.handle(async (job) => void jobs.push(job.id));
  let opened = 0;
  const set: AdapterSet = {
    name: 'local',
    deps: {} as SchoolDeps,
    serviceKey,
    handleJobs: runners.handle,
    runJob: runners.run,
    health: async () => ({ db: 'ok', files: 'ok' }),
  };
  const main = deployedMain(
    fn,
    () => async (event, context) => {
      calls.push({ event, context });
      return reply;
    },
    async () => {
      opened += 1;
      return set;
    },
  );
  return { main, calls, jobs, opened: () => opened };
}

describe('a deployed function’s entry', () => {
  it('wires the adapters once, on the first call, and answers a health check with their name', async () => {
    const { main, opened } = setup('imaging');
    expect(opened()).toBe(0);
    expect(await main({ action: 'health' }, {})).toEqual({ ok: true, data: { function: 'imaging', adapters: 'local', checks: { db: 'ok', files: 'ok' } } });
    await main({ action: 'process', input: {} }, {});
    expect(opened()).toBe(1);
  });

  it('runs a call from one of our functions without the caller’s context, and refuses a forged one', async () => {
    const { main, calls } = setup('imaging');
    const userContext = { environment: JSON.stringify({ WX_OPENID: 'oUser' }) };
    await main({ action: 'process', input: { a: 1 }, service: signServiceToken(serviceKey, 'imaging', Date.now()) }, userContext);
    expect(calls[0]).toEqual({ event: { action: 'process', input: { a: 1 } }, context: {} });
    const forged = await main({ action: 'process', input: {}, service: signServiceToken(Buffer.alloc(32, 2), 'imaging', Date.now()) }, userContext);
    expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherFunction = await main({ action: 'process', input: {}, service: signServiceToken(serviceKey, 'school', Date.now()) }, userContext);
    expect(otherFunction).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toHaveLength(1);
  });

  it('passes a client call through with its own context', async () => {
    const { main, calls } = setup('imaging');
    await main({ action: 'process', input: {} }, { environment: '{}' });
    expect(calls[0]!.context).toEqual({ environment: '{}' });
  });

  it('runs a job it enqueued on itself, only with a valid token', async () => {
    const { main, jobs } = setup('school');
    expect(await main({ action: '__job', job: { kind: 'export', id: 'job-1' }, service: signServiceToken(serviceKey, 'school', Date.now()) }, {})).toEqual({ ok: true, data: {} });
    expect(await main({ action: '__job', job: { kind: 'export', id: 'job-2' } }, {})).toMatchObject({ ok: false });
    expect(jobs).toEqual(['job-1']);
  });

  it('turns WeChat Pay’s XML notification into `notify` and answers in XML', async () => {
    const { main, calls } = setup('payNotify', { ok: true, data: { return_code: 'SUCCESS', return_msg: 'OK' } });
    const body = buildWechatPayXml({ out_trade_no: 'o1', total_fee: '2500', sign: 'S' });
    const httpContext = { request_id: 'r1' };
    const response = (await main({ httpMethod: 'POST', body: Buffer.from(body).toString('base64'), isBase64Encoded: true, headers: {} }, httpContext)) as { statusCode: number; body: string };
    expect(calls[0]).toEqual({ event: { action: 'notify', input: { out_trade_no: 'o1', total_fee: '2500', sign: 'S' } }, context: httpContext });
    expect(response.statusCode).toBe(200);
    expect(parseWechatPayXml(response.body)).toEqual({ return_code: 'SUCCESS', return_msg: 'OK' });
    const garbage = (await main({ httpMethod: 'POST', body: 'not xml' }, {})) as { body: string };
    expect(parseWechatPayXml(garbage.body).return_code).toBe('FAIL');
  });

  it('runs the action a timer trigger is named after, in the call’s own context (a client imitating a trigger stays a client)', async () => {
    const { main, calls } = setup('timers');
    const timerContext = { request_id: 't1' };
    await main({ Type: 'Timer', TriggerName: 'closeExpiredOrders', Time: '2026-06-01T00:00:00Z', Message: '' }, timerContext);
    expect(calls[0]).toEqual({ event: { action: 'closeExpiredOrders', input: {} }, context: timerContext });
  });

  it('answers an error envelope when the adapters cannot be wired, and tries again on the next call', async () => {
    let attempts = 0;
    const main = deployedMain('imaging', () => async () => ({ ok: true, data: {} }), async () => {
      attempts += 1;
      throw new Error('缺少环境变量 GRADPHOTO_SERVICE_KEY');
    });
    expect(await main({ action: 'health' }, {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await main({ action: 'health' }, {});
    expect(attempts).toBe(2);
  });
});
