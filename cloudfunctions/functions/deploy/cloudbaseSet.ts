import { CloudbaseDb, type DatabaseRef } from '../../adapters/cloudbase/cloudbaseDb';
import { CloudbaseFiles } from '../../adapters/cloudbase/cloudbaseFiles';
import { cloudbaseIdentity } from '../../adapters/cloudbase/cloudbaseIdentity';
import { selfInvokingJobs } from '../../adapters/cloudbase/functionJobs';
import { functionImaging } from '../../adapters/cloudbase/functionImaging';
import { lazyPort } from '../../adapters/cloudbase/lazyPort';
import { cloudbaseApp } from '../../adapters/cloudbase/sdk';
import { WechatPay } from '../../adapters/cloudbase/wechatPay';
import { subscribeMessageNotify, wxacodeBatchQr, wxOpenPhone } from '../../adapters/cloudbase/wxOpen';
import { hmacIdNumberHasher } from '../../adapters/local/hmacIdNumberHasher';
import { smtpMail } from '../../adapters/local/nodemailerMail';
import { sharpProbe } from '../../adapters/local/sharpProbe';
import { sortableIds } from '../../adapters/local/sortableIds';
import { systemClock } from '../../adapters/local/systemClock';
import type { SchoolDeps } from '../../app/schoolDeps';
import { resolveKeyring } from '../../codes/keyring';
import { createSandboxCodec } from '../../codes/sandboxCodec';
import { jobRunners, probeStorage, type AdapterSet, type DeployedFunction } from './adapterSet';
import { required, type DeployEnv } from './deployEnv';

/**
 * The `cloudbase` adapter set: the CloudBase database and storage, the caller from the call's context,
 * imaging and jobs as function calls, WeChat Pay v2, subscribe messages, the batch 小程序码 and phone numbers by 云调用,
 * mail over SMTP. Settings a function does not use are only required when first used.
 */
export async function openCloudbaseSet(fn: DeployedFunction, env: DeployEnv, processEnv: NodeJS.ProcessEnv): Promise<AdapterSet> {
  const app = await cloudbaseApp(processEnv);
  const tcb = await import('@cloudbase/node-sdk');
  const serviceKey = required(env.GRADPHOTO_SERVICE_KEY, 'GRADPHOTO_SERVICE_KEY');
  const deps: SchoolDeps = {
    db: new CloudbaseDb(app.database() as unknown as DatabaseRef),
    files: new CloudbaseFiles(app),
    clock: systemClock,
    ids: sortableIds(),
    identity: cloudbaseIdentity(tcb.getCloudbaseContext),
    imaging: functionImaging(app, serviceKey, systemClock),
    probe: sharpProbe,
    pay: lazyPort(
      () =>
        new WechatPay(
          {
            appId: required(env.WECHAT_APPID, 'WECHAT_APPID'),
            mchId: required(env.WECHAT_PAY_MCH_ID, 'WECHAT_PAY_MCH_ID'),
            key: required(env.WECHAT_PAY_KEY, 'WECHAT_PAY_KEY'),
            notifyUrl: required(env.WECHAT_PAY_NOTIFY_URL, 'WECHAT_PAY_NOTIFY_URL'),
            certP12: env.WECHAT_PAY_CERT_P12,
            clientIp: env.WECHAT_PAY_CLIENT_IP,
          },
          systemClock,
        ),
    ),
    notify: subscribeMessageNotify(app, { reviewResult: env.WX_TEMPLATE_REVIEW_RESULT, orderStatus: env.WX_TEMPLATE_ORDER_STATUS }),
    mail: lazyPort(() => smtpMail(required(env.SMTP_URL, 'SMTP_URL'), env.MAIL_FROM)),
    wxPhone: wxOpenPhone(app),
    codec: lazyPort(() => createSandboxCodec(resolveKeyring(processEnv))),
    batchQr: wxacodeBatchQr(app, env.WX_ENV_VERSION),
    idNumbers: lazyPort(() => hmacIdNumberHasher(required(env.GRADPHOTO_ID_KEY, 'GRADPHOTO_ID_KEY'))),
    jobs: selfInvokingJobs(app, fn, serviceKey, systemClock),
  };
  const runners = jobRunners();
  return { name: 'cloudbase', deps, serviceKey, handleJobs: runners.handle, runJob: runners.run, health: () => probeStorage(deps) };
}
