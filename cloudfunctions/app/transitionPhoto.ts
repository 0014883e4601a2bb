import type { PhotoDoc } from '../contracts/documents';
import { PHOTO_STATE_LABELS } from '../contracts/enums';
import { AppError } from '../contracts/errors';
import { SUBMISSION_EVENT_LABELS, submission, type SubmissionEvent } from '../domain/submission';
import type { Clock } from '../ports/clock';
import type { Db } from '../ports/db';
import type { Ids } from '../ports/ids';

export interface PhotoTransition {
  photo: PhotoDoc;
  event: SubmissionEvent;
  /** The openid of who acts, or "system". */
  actor: string;
  note?: string;
  /** Fields the transition sets besides the state (e.g. reject reasons). */
  set?: Partial<Omit<PhotoDoc, 'id' | 'state'>>;
}

/**
 * Moves a photo along the submission state machine inside the caller's transaction: a conditional
 * update (`where state == from`) and its audit entry commit together, so a lost race changes nothing
 * and every state the photo ever had is explained by the audit trail.
 */
export async function transitionPhoto(tx: Db, deps: { clock: Clock; ids: Ids }, transition: PhotoTransition): Promise<PhotoDoc> {
  const { photo, event } = transition;
  const to = submission.next(photo.state, event);
  if (!to) {
    throw new AppError('INVALID_STATE', `照片当前状态为「${PHOTO_STATE_LABELS[photo.state]}」，不能${SUBMISSION_EVENT_LABELS[event]}`);
  }
  const at = deps.clock.now();
  const set = { ...transition.set, state: to, updatedAt: at };
  const updated = await tx.collection('photos').update({ id: photo.id, state: photo.state }, { set });
  if (updated !== 1) throw new AppError('INVALID_STATE', '照片状态已变化，请刷新后重试');
  await tx.collection('audit').insert({
    id: deps.ids.next(),
    at,
    actor: transition.actor,
    entity: 'photo',
    entityId: photo.id,
    event,
    from: photo.state,
    to,
    note: transition.note,
  });
  return { ...photo, ...set };
}
