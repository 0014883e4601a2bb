import type { PhotoDoc, UserDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { ActionOutput, ParsedInput } from '../contracts';
import { DEFAULT_REVIEW_HOURS, overdueBefore } from '../domain/review';
import type { Db, Where } from '../ports/db';
import type { AppDeps, Caller } from './deps';
import { requireReviewer } from './reviewerAccess';
import { batchLookup, reviewItem } from './reviewItem';
import { schoolOfStaff, staffBatch } from './staffAccess';

type QueueInput = ParsedInput<'review', 'queue'>;

/** The position after the last item shown: its submission time and id (the queue's order). */
const encodeCursor = (photo: PhotoDoc) => Buffer.from(JSON.stringify([photo.submittedAt, photo.id])).toString('base64url');
function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through
  }
  throw new AppError('INVALID_INPUT', '翻页参数不正确，请从第一页重新加载');
}

/** The photos the reviewer may see that match the filters. Ops without a school filter see every school. */
async function scopeOf(db: Db, user: UserDoc, input: QueueInput): Promise<Where<PhotoDoc>> {
  const where: Where<PhotoDoc> = { state: 'pending_review' };
  if (input.batchId) {
    // The batch implies its school (checked against the reviewer's scope); filtering by both would only slow the query.
    const batch = await staffBatch(db, user, input.batchId);
    if (input.schoolId && input.schoolId !== batch.schoolId) throw new AppError('INVALID_INPUT', '该批次不属于所选学校');
    where.batchId = batch.id;
  } else if (input.schoolId || !user.roles.includes('ops')) {
    where.schoolId = await schoolOfStaff(db, user, input.schoolId);
  }
  if (input.flagged !== undefined) where.flagged = input.flagged;
  return where;
}

/** Pending photos past their batch's review promise: one count at the default, corrected per batch that sets its own. */
async function countOverdue(db: Db, where: Where<PhotoDoc>, now: number): Promise<number> {
  const photos = db.collection('photos');
  const defaultBefore = overdueBefore(DEFAULT_REVIEW_HOURS, now);
  let overdue = await photos.count({ ...where, submittedAt: { $lt: defaultBefore } });
  const batchWhere = typeof where.batchId === 'string' ? { id: where.batchId } : typeof where.schoolId === 'string' ? { schoolId: where.schoolId } : {};
  const ownPromise = (await db.collection('batches').find({ where: batchWhere })).filter((b) => b.reviewHours !== undefined && b.reviewHours !== DEFAULT_REVIEW_HOURS);
  for (const batch of ownPromise) {
    overdue -= await photos.count({ ...where, batchId: batch.id, submittedAt: { $lt: defaultBefore } });
    overdue += await photos.count({ ...where, batchId: batch.id, submittedAt: { $lt: overdueBefore(batch.reviewHours, now) } });
  }
  return overdue;
}

/**
 * `review.queue`: pending photos, oldest submission first, filtered by school, batch and automatic
 * flags, a page at a time (`next` is the cursor of the following page), with the pending and overdue
 * counts the reviewer's screen shows.
 */
export async function reviewQueue(deps: AppDeps, caller: Caller, input: QueueInput): Promise<ActionOutput<'review', 'queue'>> {
  const { db, clock } = deps;
  const user = await requireReviewer(db, caller);
  const where = await scopeOf(db, user, input);
  const photos = db.collection('photos');
  const order = [['submittedAt', 'asc'], ['id', 'asc']] as const;
  const take = input.limit + 1;
  let page: PhotoDoc[];
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor);
    // "after (at, id)" without OR: the rest of the same millisecond, then everything later.
    page = await photos.find({ where: { ...where, submittedAt: at, id: { $gt: id } }, orderBy: order, limit: take });
    if (page.length < take) page.push(...(await photos.find({ where: { ...where, submittedAt: { $gt: at } }, orderBy: order, limit: take - page.length })));
  } else {
    page = await photos.find({ where, orderBy: order, limit: take });
  }
  const now = clock.now();
  const shown = page.slice(0, input.limit);
  const batchOf = batchLookup(db);
  const [items, pending, overdue] = await Promise.all([
    Promise.all(shown.map(async (photo) => reviewItem(deps, photo, await batchOf(photo.batchId), now))),
    photos.count(where),
    countOverdue(db, where, now),
  ]);
  const last = shown[shown.length - 1];
  return { items, next: page.length > input.limit && last ? encodeCursor(last) : undefined, pending, overdue };
}
