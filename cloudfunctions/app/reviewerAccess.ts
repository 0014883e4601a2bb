import type { PhotoDoc, UserDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { Db } from '../ports/db';
import type { Caller } from './deps';
import { mayActForSchool, requireRole } from './staffAccess';

/** Reviewers decide for their school; ops for every school (and for walk-ins of schools not on the platform). */
export function requireReviewer(db: Db, caller: Caller): Promise<UserDoc> {
  return requireRole(db, caller, ['reviewer', 'ops']);
}

/** A photo the reviewer may see: NOT_FOUND when there is none, FORBIDDEN when it is another school's. */
export async function reviewablePhoto(db: Db, user: UserDoc, photoId: string): Promise<PhotoDoc> {
  const photo = await db.collection('photos').get(photoId);
  if (!photo) throw new AppError('NOT_FOUND', '找不到该照片');
  const allowed = photo.schoolId ? mayActForSchool(user, photo.schoolId) : user.roles.includes('ops');
  if (!allowed) throw new AppError('FORBIDDEN', '只能审核本校学生的照片');
  return photo;
}
