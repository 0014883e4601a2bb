import type { NotificationDoc } from '../contracts/documents';
import type { NotificationKind } from '../contracts/enums';
import type { ActionOutput } from '../contracts';
import type { Clock } from '../ports/clock';
import type { Db } from '../ports/db';
import type { Ids } from '../ports/ids';
import type { Notify, NotifyTemplate } from '../ports/notify';
import type { AppDeps, Caller } from './deps';

export interface StudentNotice {
  openid: string;
  kind: NotificationKind;
  title: string;
  body: string;
  enrollmentId?: string;
  entityId?: string;
}

/**
 * Writes the in-app notification inside the caller's transaction, so a review result or a payment is
 * never recorded without telling the student.
 */
export async function recordNotification(tx: Db, deps: { ids: Ids; clock: Clock }, notice: StudentNotice): Promise<NotificationDoc> {
  const doc: NotificationDoc = { id: deps.ids.next(), ...notice, createdAt: deps.clock.now() };
  await tx.collection('notifications').insert(doc);
  return doc;
}

const TEMPLATES: Record<NotificationKind, NotifyTemplate> = {
  review_approved: 'reviewResult',
  review_rejected: 'reviewResult',
  resubmit_overdue: 'reviewResult',
  order_paid: 'orderStatus',
  order_refunded: 'orderStatus',
  order_closed: 'orderStatus',
  errata_answered: 'reviewResult',
};

/** Subscribe-message fields are short (thing ≤ 20 characters). */
const short = (text: string, max = 20) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * After the commit: the WeChat subscribe message. A failure (the student did not subscribe, the quota is
 * used up, the network) is logged and otherwise ignored: the in-app list already has the notification.
 */
export async function pushNotification(notify: Notify, doc: NotificationDoc): Promise<void> {
  const page = doc.enrollmentId ? `pages/enrollment/index?id=${doc.enrollmentId}` : 'pages/mine/index';
  try {
    await notify.send({
      openid: doc.openid,
      template: TEMPLATES[doc.kind],
      page,
      data: { thing1: short(doc.title), thing2: short(doc.body), time3: chinaTime(doc.createdAt) },
    });
  } catch (error) {
    console.warn(`[notify] ${doc.kind} → ${doc.openid}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `student.listNotifications`: newest first, with the unread count. */
export async function listNotifications(deps: AppDeps, caller: Caller, limit: number): Promise<ActionOutput<'student', 'listNotifications'>> {
  const notifications = deps.db.collection('notifications');
  const docs = await notifications.find({ where: { openid: caller.openid }, orderBy: [['createdAt', 'desc'], ['id', 'desc']], limit });
  return {
    notifications: docs.map((doc) => ({
      id: doc.id,
      kind: doc.kind,
      title: doc.title,
      body: doc.body,
      enrollmentId: doc.enrollmentId,
      createdAt: doc.createdAt,
      read: doc.readAt !== undefined,
    })),
    unread: await notifications.count({ openid: caller.openid, readAt: { $exists: false } }),
  };
}

/** `student.readNotifications`: marks the caller's listed notifications (or all) read. */
export async function readNotifications(deps: AppDeps, caller: Caller, ids: string[] | undefined): Promise<{ unread: number }> {
  const notifications = deps.db.collection('notifications');
  const now = deps.clock.now();
  const unread = { openid: caller.openid, readAt: { $exists: false } } as const;
  if (ids) for (const id of ids) await notifications.update({ ...unread, id }, { set: { readAt: now } });
  else await notifications.update(unread, { set: { readAt: now } });
  return { unread: await notifications.count(unread) };
}
