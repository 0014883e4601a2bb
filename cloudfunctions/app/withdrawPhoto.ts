import { AppError } from '../contracts/errors';
import type { PhotoView } from '../contracts/views';
import type { AppDeps, Caller } from './deps';
import { ownPhoto } from './ownership';
import { transitionPhoto } from './transitionPhoto';
import { photoView } from './views';

/** `student.withdrawPhoto`: takes a photo back while it waits for review (撤回审核). */
export async function withdrawPhoto(deps: AppDeps, caller: Caller, photoId: string): Promise<{ photo: PhotoView }> {
  await ownPhoto(deps.db, caller, photoId);
  const photo = await deps.db.transaction(async (tx) => {
    const current = await tx.collection('photos').get(photoId);
    if (!current) throw new AppError('NOT_FOUND', '找不到该照片');
    return transitionPhoto(tx, deps, { photo: current, event: 'withdraw', actor: caller.openid });
  });
  return { photo: await photoView(deps.files, photo) };
}
