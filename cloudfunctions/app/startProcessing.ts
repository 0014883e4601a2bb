import type { PhotoDoc } from '../contracts/documents';
import type { Clock } from '../ports/clock';
import type { Db } from '../ports/db';
import type { Ids } from '../ports/ids';
import { transitionPhoto } from './transitionPhoto';

/** Whether the collection fee of the photo's enrolment is settled: the school pays, it is free, or a collection order is paid. */
export async function feeSettled(tx: Db, photo: PhotoDoc): Promise<boolean> {
  const batch = photo.batchId ? await tx.collection('batches').get(photo.batchId) : null;
  if (batch && (batch.payer === 'school' || batch.priceFen === 0)) return true;
  const paid = await tx.collection('orders').count({ enrollmentId: photo.enrollmentId, kind: 'collection', state: { $in: ['paid', 'shipped', 'completed'] } });
  return paid > 0;
}

/**
 * Approved + paid (or school-paid) → processing (待处理), inside the caller's transaction. Called when
 * a photo is approved and when a payment arrives, so whichever comes second moves the photo.
 */
export async function processIfSettled(tx: Db, deps: { clock: Clock; ids: Ids }, photo: PhotoDoc, note: string): Promise<PhotoDoc> {
  if (photo.state !== 'approved' || !(await feeSettled(tx, photo))) return photo;
  return transitionPhoto(tx, deps, { photo, event: 'process', actor: 'system', note });
}
