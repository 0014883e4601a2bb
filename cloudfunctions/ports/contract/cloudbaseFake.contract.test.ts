import { CloudbaseDb } from '../../adapters/cloudbase/cloudbaseDb';
import { CloudbaseFiles } from '../../adapters/cloudbase/cloudbaseFiles';
import { fakeCloudbaseDatabase } from '../../adapters/cloudbase/testing/fakeCloudbase';
import { FakeStorage } from '../../adapters/cloudbase/testing/fakeStorage';
import { fakeWechatPayApi, signedNotification } from '../../adapters/cloudbase/testing/fakeWechatPayApi';
import { WechatPay } from '../../adapters/cloudbase/wechatPay';
import { systemClock } from '../../adapters/local/systemClock';
import { describeDbContract } from './dbContract';
import { describeFilesContract } from './filesContract';
import { describePayContract } from './payContract';

/**
 * The shared port contracts against the CloudBase adapters, with the real SDK serialising every request
 * and an in-memory server answering it: always run, no network.
 */
describeDbContract('CloudBase adapter, SDK over the fake database server', async () => {
  const { database } = fakeCloudbaseDatabase();
  return { db: new CloudbaseDb(database), close: async () => undefined };
});

describeFilesContract('CloudBase adapter over fake storage', async () => ({ files: new CloudbaseFiles(new FakeStorage()), close: async () => undefined }));

describePayContract('WeChat Pay v2 adapter against a stand-in merchant API', () => {
  const key = 'm'.repeat(32);
  const merchant = { appId: 'wx0123456789abcdef', mchId: '1900000109' };
  const api = fakeWechatPayApi(key, () => ({ result_code: 'SUCCESS', prepay_id: 'wx2026060110000012345', trade_type: 'JSAPI' }));
  const pay = new WechatPay({ ...merchant, key, notifyUrl: 'https://env.service.tcloudbase.com/payNotify' }, systemClock, api.post);
  return {
    pay,
    paidNotification: (order) =>
      signedNotification(key, {
        appid: merchant.appId,
        mch_id: merchant.mchId,
        nonce_str: 'n1',
        result_code: 'SUCCESS',
        return_code: 'SUCCESS',
        openid: order.openid,
        total_fee: String(order.amountFen),
        out_trade_no: order.orderId,
        transaction_id: '4200002026060112345',
      }),
  };
});
