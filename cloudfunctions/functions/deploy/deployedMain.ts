import { z } from 'zod';
import { verifyServiceToken } from '../../adapters/cloudbase/serviceToken';
import { buildWechatPayXml, parseWechatPayXml } from '../../adapters/cloudbase/wechatPayXml';
import { AppError } from '../../contracts/errors';
import { failure, type Main } from '../main';
import type { AdapterSet, DeployedFunction } from './adapterSet';
import { loadDeployEnv } from './deployEnv';

/**
 * A deployed function's `main(event, context)`: picks the adapter set from GRADPHOTO_ADAPTERS, wires the
 * function's entry once per instance (on the first call: nothing is constructed at import time), and
 * translates what the platform sends besides `{action, input}`:
 *
 * - `{action: 'health'}` → a database and storage round trip with the set's name (deploy checks);
 * - a call carrying `service` (a token from one of our functions) → the entry with no user context;
 * - `{action: '__job', job, service}` → the job this function enqueued on itself;
 * - an HTTP access event (WeChat Pay's XML notification to `payNotify`) → `notify`, answered in XML;
 * - a timer trigger (`{Type: 'Timer', TriggerName}`) → the action named by the trigger.
 */
export type OpenSet = (fn: DeployedFunction) => Promise<AdapterSet>;
export type CreateEntry = (set: AdapterSet) => Main;

/** The context a verified service call runs with: no user. */
const SERVICE_CONTEXT = Object.freeze({});

const httpEventSchema = z.object({ httpMethod: z.string(), body: z.string().default(''), isBase64Encoded: z.boolean().default(false) });
const timerEventSchema = z.object({ Type: z.literal('Timer'), TriggerName: z.string().min(1) });
const jobEventSchema = z.object({ action: z.literal('__job'), job: z.object({ kind: z.literal('export'), id: z.string().min(1) }), service: z.string() });

function xmlResponse(code: 'SUCCESS' | 'FAIL', message: string) {
  return { statusCode: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, isBase64Encoded: false, body: buildWechatPayXml({ return_code: code, return_msg: message }) };
}

export function deployedMain(fn: DeployedFunction, createEntry: CreateEntry, openSet: OpenSet): (event: unknown, context: unknown) => Promise<unknown> {
  let wired: Promise<{ set: AdapterSet; entry: Main }> | undefined;
  const wire = () => {
    wired ??= openSet(fn).then((set) => ({ set, entry: createEntry(set) }));
    wired.catch(() => (wired = undefined));
    return wired;
  };

  return async (event, context) => {
    try {
      const { set, entry } = await wire();
      const request = (event ?? {}) as Record<string, unknown>;
      if (request.action === 'health') return { ok: true, data: { function: fn, adapters: set.name, checks: await set.health() } };

      const http = httpEventSchema.safeParse(event);
      if (fn === 'payNotify' && http.success) {
        let params: Record<string, string>;
        try {
          params = parseWechatPayXml(Buffer.from(http.data.body, http.data.isBase64Encoded ? 'base64' : 'utf8').toString('utf8'));
        } catch {
          return xmlResponse('FAIL', '报文格式错误');
        }
        // The call's own context: WeChat Pay's request has no user; a client imitating one is refused by the entry.
        const reply = await entry({ action: 'notify', input: params }, context);
        return reply.ok ? { ...xmlResponse('SUCCESS', 'OK'), body: buildWechatPayXml(reply.data as Record<string, string>) } : xmlResponse('FAIL', reply.error.message);
      }

      const timer = timerEventSchema.safeParse(event);
      // A real trigger carries no user; a client sending a timer-shaped event keeps its context and is refused.
      if (timer.success) return await entry({ action: timer.data.TriggerName, input: {} }, context);

      if (request.action === '__job' && !('service' in request)) throw new AppError('FORBIDDEN');
      if ('service' in request) {
        if (!verifyServiceToken(set.serviceKey, fn, request.service, Date.now())) throw new AppError('FORBIDDEN');
        const job = jobEventSchema.safeParse(event);
        if (job.success) {
          await set.runJob(job.data.job);
          return { ok: true, data: {} };
        }
        const { service: _service, ...call } = request;
        return await entry(call, SERVICE_CONTEXT);
      }
      return await entry(event, context);
    } catch (error) {
      return failure(error, fn);
    }
  };
}

/**
 * The adapter set this process's environment selects. Each set is loaded only when chosen (`require` at
 * the call, which the bundler keeps lazy): the production bundle does not ship better-sqlite3, and the
 * local set must load without the CloudBase SDK.
 */
export const openSetFromEnv =
  (bundleDir: string): OpenSet =>
  async (fn) => {
    const env = loadDeployEnv(process.env);
    if (env.GRADPHOTO_ADAPTERS === 'local') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { openLocalSet } = require('./localSet') as typeof import('./localSet');
      return openLocalSet(env, process.env, bundleDir);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { openCloudbaseSet } = require('./cloudbaseSet') as typeof import('./cloudbaseSet');
    return openCloudbaseSet(fn, env, process.env);
  };
