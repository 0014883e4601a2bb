import { z } from 'zod';
import { AppError } from '../../contracts/errors';
import { BATCH_QR_PAGE, batchQrScene, type BatchQr } from '../../ports/batchQr';
import type { Notify, NotifyTemplate } from '../../ports/notify';
import type { WxPhone } from '../../ports/wxPhone';

/**
 * WeChat open APIs by 云调用 (`app.callWxOpenApi`): no access_token is handled here, CloudBase signs the
 * call for the mini-program the environment belongs to. Each function that uses one declares it in its
 * `config.json` (`permissions.openapi`), which the bundle build writes (see WX_OPEN_APIS).
 */
export interface WxOpenApi {
  callWxOpenApi(options: { apiName: string; requestData: unknown; cgiName?: string }): Promise<{ result?: unknown }>;
}

/** The open APIs each deployed function calls, for its config.json. */
export const WX_OPEN_APIS = {
  getUnlimited: 'wxacode.getUnlimited',
  subscribeSend: 'subscribeMessage.send',
  phoneNumber: 'phonenumber.getPhoneNumber',
} as const;

export class WxOpenError extends Error {
  override readonly name = 'WxOpenError';
  constructor(
    readonly api: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`${api}: ${errcode} ${errmsg}`);
  }
}

const wxErrorSchema = z.object({ errcode: z.number(), errmsg: z.string().default('') });

/** A JSON reply (already parsed by the SDK, or still text); a non-zero `errcode` is thrown. */
export function jsonReply(api: string, result: unknown): Record<string, unknown> {
  const value: unknown = typeof result === 'string' ? JSON.parse(result) : result;
  if (!value || typeof value !== 'object') throw new WxOpenError(api, -1, 'empty reply');
  const error = wxErrorSchema.safeParse(value);
  if (error.success && error.data.errcode !== 0) throw new WxOpenError(api, error.data.errcode, error.data.errmsg);
  return value as Record<string, unknown>;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const isImage = (data: Buffer) => data.subarray(0, 4).equals(PNG) || data.subarray(0, 3).equals(JPEG);

/**
 * An image reply. The gateway returns the response body as text in `responseData`: a JSON error, or the
 * image — base64 or raw bytes, whichever arrives is recognised by the image's own signature.
 */
export function imageReply(api: string, result: unknown): Buffer {
  if (Buffer.isBuffer(result)) {
    if (isImage(result)) return result;
    return imageReply(api, result.toString('utf8'));
  }
  if (typeof result === 'string') {
    const trimmed = result.trimStart();
    if (trimmed.startsWith('{')) jsonReply(api, trimmed);
    for (const data of [Buffer.from(result, 'base64'), Buffer.from(result, 'latin1')]) if (isImage(data)) return data;
  } else if (result && typeof result === 'object') {
    const fields = result as { buffer?: unknown; data?: unknown };
    jsonReply(api, result);
    if (fields.buffer !== undefined) return imageReply(api, fields.buffer);
    if (fields.data !== undefined) return imageReply(api, fields.data);
  }
  throw new WxOpenError(api, -1, 'the reply is not an image');
}

/** The batch poster's 小程序码: `wxacode.getUnlimited` with the scene `batch=CODE` on the enrol page. */
export function wxacodeBatchQr(wx: WxOpenApi, envVersion: 'release' | 'trial' | 'develop' = 'release'): BatchQr {
  return {
    async render({ code }) {
      const { result } = await wx.callWxOpenApi({
        apiName: '/wxa/getwxacodeunlimit',
        cgiName: 'commrpcv2',
        requestData: { scene: batchQrScene(code), page: BATCH_QR_PAGE, check_path: false, env_version: envVersion, width: 430 },
      });
      return imageReply(WX_OPEN_APIS.getUnlimited, result);
    },
  };
}

/** The subscribe-message template ids of the mini-program account, from the environment. */
export type TemplateIds = Record<NotifyTemplate, string | undefined>;

/**
 * Push by `subscribeMessage.send`. A student who has not allowed the template (43101) or whose
 * template id is not configured gets nothing, quietly: the in-app list already has the message.
 */
export function subscribeMessageNotify(wx: WxOpenApi, templates: TemplateIds, state: 'formal' | 'trial' | 'developer' = 'formal'): Notify {
  return {
    async send(message) {
      const templateId = templates[message.template];
      if (!templateId) return;
      const data = Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }]));
      try {
        const { result } = await wx.callWxOpenApi({
          apiName: '/cgi-bin/message/subscribe/send',
          cgiName: 'commrpcv2',
          requestData: { touser: message.openid, template_id: templateId, page: message.page, data, miniprogram_state: state, lang: 'zh_CN' },
        });
        jsonReply(WX_OPEN_APIS.subscribeSend, result);
      } catch (error) {
        if (error instanceof WxOpenError && error.errcode === 43101) return;
        console.error('[notify]', error instanceof Error ? error.message : error);
      }
    },
  };
}

const phoneSchema = z.object({ phone_info: z.object({ purePhoneNumber: z.string(), countryCode: z.string() }) });

/** The phone number a student allowed (`getPhoneNumber` button code → `phonenumber.getPhoneNumber`). */
export async function phoneNumberOf(wx: WxOpenApi, code: string): Promise<{ phone: string; countryCode: string }> {
  const { result } = await wx.callWxOpenApi({ apiName: '/wxa/business/getuserphonenumber', cgiName: 'commrpcv2', requestData: { code } });
  const { phone_info } = phoneSchema.parse(jsonReply(WX_OPEN_APIS.phoneNumber, result));
  return { phone: phone_info.purePhoneNumber, countryCode: phone_info.countryCode };
}

/** errcodes of `getuserphonenumber` that mean the student's code is no good (invalid, or already used). */
const BAD_PHONE_CODE = new Set([40029, 40163]);

/** The WxPhone port by 云调用; a code WeChat refuses is the student's to retry, anything else an outage. */
export function wxOpenPhone(wx: WxOpenApi): WxPhone {
  return {
    async phoneNumber(code) {
      try {
        return await phoneNumberOf(wx, code);
      } catch (error) {
        if (error instanceof WxOpenError && BAD_PHONE_CODE.has(error.errcode)) throw new AppError('PHONE_CODE_INVALID');
        throw error;
      }
    },
  };
}
