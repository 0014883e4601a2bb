import { z } from 'zod';
import { payNotificationSchema, payNotifyReplySchema } from './orders';
import { orderDetailView } from './studentCentre';

const id = z.string().trim().min(1).max(64);

/** `payNotify`: where WeChat Pay (the sandbox locally) sends payment results. Not callable by users. */
export const payNotifyActions = {
  notify: { input: payNotificationSchema, output: payNotifyReplySchema },
} as const;

/** `timers`: periodic work (CloudBase timer triggers; an interval in the local cloud). Not callable by users. */
export const timerActions = {
  /** Closes unpaid orders past their time (created → closed). */
  closeExpiredOrders: { input: z.strictObject({}), output: z.object({ closed: z.number().int() }) },
  /** Marks enrolments whose rejected photo was not replaced before the resubmission deadline. */
  markOverdueResubmissions: { input: z.strictObject({}), output: z.object({ marked: z.number().int() }) },
} as const;

/** Ops' payment actions; merged into the `ops` function's registry. */
export const opsPaymentActions = {
  refund: {
    input: z.strictObject({ orderId: id, reason: z.string().trim().min(2, { error: '请填写退款原因' }).max(100) }),
    output: z.object({ order: orderDetailView }),
  },
} as const;
