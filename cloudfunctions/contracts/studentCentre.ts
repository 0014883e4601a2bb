import { z } from 'zod';
import { addressDoc } from './documents';
import { errataFieldSchema, errataStatusSchema, notificationKindSchema, orderKindSchema } from './enums';
import { paymentParamsSchema } from './orders';
import { PROVINCES } from './regions';
import { orderView } from './views';

const id = z.string().trim().min(1).max(64);
const text = (max: number, error: string) => z.string().trim().min(1, { error }).max(max, { error: `最多${max}字` });

/** An address as its owner sees it (no openid). */
export const addressView = addressDoc.omit({ openid: true, createdAt: true, updatedAt: true });

export const addressInput = z.strictObject({
  /** Present to change an existing address. */
  id: id.optional(),
  name: text(20, '请填写收件人'),
  /** A mainland mobile number (11 digits, 1[3-9]…); spaces and dashes are ignored. */
  phone: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^1[3-9]\d{9}$/, { error: '请填写正确的11位手机号' })),
  province: z.enum(PROVINCES, { error: '请选择省份' }),
  city: text(20, '请选择城市'),
  district: text(20, '请选择区县'),
  detail: z.string().trim().min(4, { error: '请填写详细地址' }).max(100, { error: '详细地址最多100字' }),
  isDefault: z.boolean().default(false),
});

export const orderDetailView = orderView.extend({
  enrollmentId: z.string(),
  copies: z.number().int().optional(),
  address: addressView.optional(),
  expiresAt: z.number().int().optional(),
  paidAt: z.number().int().optional(),
  refundedAt: z.number().int().optional(),
});

export const errataView = z.object({
  id: z.string(),
  enrollmentId: z.string(),
  field: errataFieldSchema,
  fieldLabel: z.string(),
  shown: z.string(),
  correct: z.string(),
  note: z.string().optional(),
  status: errataStatusSchema,
  statusLabel: z.string(),
  reply: z.string().optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

export const notificationView = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  enrollmentId: z.string().optional(),
  createdAt: z.number().int(),
  read: z.boolean(),
});

/** The student's orders and personal centre (我的); merged into the `student` function's registry. */
export const studentCentreActions = {
  /** The collection fee after approval (student-paid batches and walk-ins), or 加洗 (copies, address). */
  createOrder: {
    input: z
      .strictObject({
        enrollmentId: id,
        kind: orderKindSchema,
        copies: z.number().int().min(1).max(20).optional(),
        addressId: id.optional(),
      })
      .refine((input) => input.kind !== 'reprint' || (input.copies !== undefined && input.addressId !== undefined), {
        error: '加洗需要填写份数和收件地址',
      }),
    output: z.object({ order: orderDetailView, payment: paymentParamsSchema }),
  },
  listOrders: {
    input: z.strictObject({}),
    output: z.object({ orders: z.array(orderDetailView) }),
  },
  saveAddress: {
    input: addressInput,
    output: z.object({ address: addressView }),
  },
  listAddresses: {
    input: z.strictObject({}),
    output: z.object({ addresses: z.array(addressView) }),
  },
  deleteAddress: {
    input: z.strictObject({ addressId: id }),
    output: z.object({ deleted: z.boolean() }),
  },
  /** A short-lived link to the completed standard photo (保存到相册). */
  downloadPhoto: {
    input: z.strictObject({ enrollmentId: id }),
    output: z.object({ url: z.string(), expiresAt: z.number().int() }),
  },
  /** Sends the completed standard photo to an e-mail address. */
  emailPhoto: {
    input: z.strictObject({ enrollmentId: id, email: z.email({ error: '请填写正确的邮箱地址' }).max(100) }),
    output: z.object({ sentTo: z.string() }),
  },
  /** 勘误: reports that what 学信网 shows (the 采集码's data) is wrong. */
  requestErrata: {
    input: z.strictObject({
      enrollmentId: id,
      field: errataFieldSchema,
      correct: text(100, '请填写正确的信息'),
      note: z.string().trim().max(200, { error: '说明最多200字' }).optional(),
    }),
    output: z.object({ errata: errataView }),
  },
  listErrata: {
    input: z.strictObject({}),
    output: z.object({ errata: z.array(errataView) }),
  },
  listNotifications: {
    input: z.strictObject({ limit: z.number().int().min(1).max(100).default(50) }),
    output: z.object({ notifications: z.array(notificationView), unread: z.number().int().nonnegative() }),
  },
  /** Marks the listed notifications read, or all of them when no ids are given. */
  readNotifications: {
    input: z.strictObject({ ids: z.array(id).max(100).optional() }),
    output: z.object({ unread: z.number().int().nonnegative() }),
  },
} as const;

export type AddressInput = z.output<typeof addressInput>;
export type AddressView = z.infer<typeof addressView>;
export type OrderDetailView = z.infer<typeof orderDetailView>;
export type ErrataView = z.infer<typeof errataView>;
