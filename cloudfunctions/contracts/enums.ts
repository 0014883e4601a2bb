import { z } from 'zod';

/** Submission states of a photo (architecture.md), with the Chinese label a screen shows. */
export const PHOTO_STATE_LABELS = {
  checked: '已检测',
  pending_review: '待审核',
  withdrawn: '已撤回',
  rejected: '未通过',
  approved: '已通过',
  processing: '待处理',
  delivered: '已完成',
} as const;
export type PhotoState = keyof typeof PHOTO_STATE_LABELS;
export const photoStateSchema = z.enum(Object.keys(PHOTO_STATE_LABELS) as [PhotoState, ...PhotoState[]]);

export const ORDER_STATE_LABELS = {
  created: '待支付',
  paid: '已支付',
  shipped: '已发货',
  completed: '已完成',
  closed: '已关闭',
  refunded: '已退款',
} as const;
export type OrderState = keyof typeof ORDER_STATE_LABELS;
export const orderStateSchema = z.enum(Object.keys(ORDER_STATE_LABELS) as [OrderState, ...OrderState[]]);

export const orderKindSchema = z.enum(['collection', 'reprint']);
export type OrderKind = z.infer<typeof orderKindSchema>;

/** Reviewers' reject reasons (flows.md), each with the label shown to the student. */
export const REJECT_REASON_LABELS = {
  BACKGROUND: '背景不符合要求',
  HEAD_POSITION: '头部大小或位置不符合要求',
  CLOTHING: '服装颜色与背景相近',
  GLASSES: '眼镜反光或遮挡眼睛',
  HAIR: '头发遮挡眉毛或耳朵',
  TEETH: '露齿',
  JEWELLERY: '佩戴首饰',
  RETOUCHED: '浓妆或美颜修图',
  BLUR: '照片模糊',
  LIGHTING: '光线不均匀',
  DUPLICATE: '与他人照片相同',
  OTHER: '其他原因',
} as const;
export type RejectReason = keyof typeof REJECT_REASON_LABELS;
export const rejectReasonSchema = z.enum(Object.keys(REJECT_REASON_LABELS) as [RejectReason, ...RejectReason[]]);

export const roleSchema = z.enum(['student', 'reviewer', 'school', 'ops']);
export type Role = z.infer<typeof roleSchema>;

export const batchKindSchema = z.enum(['campus', 'online', 'walk-in']);
export type BatchKind = z.infer<typeof batchKindSchema>;

export const backgroundSchema = z.enum(['blue', 'white', 'grey']);
export type Background = z.infer<typeof backgroundSchema>;

export const photoSizeSchema = z.enum(['480x640', '960x1280']);

/**
 * The engine's two segmentations of the person (photo engine `make` option `matte`): 「重新制作」 switches
 * a photo's standard photo to the other one.
 */
export const matteVariantSchema = z.enum(['standard', 'alternate']);
export type MatteVariant = z.infer<typeof matteVariantSchema>;

export const payerSchema = z.enum(['school', 'student']);

/**
 * Automatic flags shown to reviewers: the engine's warnings (its check codes) and DUPLICATE, the same
 * photo as another student's. An unflagged photo may be approved in bulk.
 */
export const reviewFlagSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** DUPLICATE: the other student's photo it matches. */
  photoId: z.string().optional(),
});
export type ReviewFlag = z.infer<typeof reviewFlagSchema>;

/** 勘误: which of the data 学信网 shows is wrong. */
export const ERRATA_FIELD_LABELS = {
  name: '姓名',
  idNumber: '身份证号',
  school: '学校',
  level: '层次',
  major: '专业',
  gradYear: '毕业年份',
  other: '其他',
} as const;
export type ErrataField = keyof typeof ERRATA_FIELD_LABELS;
export const errataFieldSchema = z.enum(Object.keys(ERRATA_FIELD_LABELS) as [ErrataField, ...ErrataField[]]);

export const ERRATA_STATUS_LABELS = {
  submitted: '已提交',
  processing: '处理中',
  resolved: '已更正',
  declined: '未受理',
} as const;
export type ErrataStatus = keyof typeof ERRATA_STATUS_LABELS;
export const errataStatusSchema = z.enum(Object.keys(ERRATA_STATUS_LABELS) as [ErrataStatus, ...ErrataStatus[]]);

/** What the in-app notification list (and WeChat subscribe messages) tell a student about. */
export const notificationKindSchema = z.enum([
  'review_approved',
  'review_rejected',
  'resubmit_overdue',
  'order_paid',
  'order_refunded',
  'order_closed',
  'errata_answered',
]);
export type NotificationKind = z.infer<typeof notificationKindSchema>;
