import type { ActionOutput } from '../contracts';
import type { AppDeps, Caller } from './deps';
import { currentPhoto, describeEnrollment, photosOf } from './enrollmentPhotos';
import { orderView, photoView } from './views';

/** `student.listEnrollments`: the caller's 学历, each with its current photo and latest order. */
export async function listEnrollments(deps: AppDeps, caller: Caller): Promise<ActionOutput<'student', 'listEnrollments'>> {
  const { db } = deps;
  const enrollments = await db.collection('enrollments').find({ where: { openid: caller.openid }, orderBy: [['createdAt', 'asc']] });
  return {
    enrollments: await Promise.all(
      enrollments.map(async (enrollment) => {
        const photos = await photosOf(db, enrollment.id);
        const current = currentPhoto(photos);
        const [order] = await db.collection('orders').find({ where: { enrollmentId: enrollment.id }, orderBy: [['createdAt', 'desc']], limit: 1 });
        return {
          ...(await describeEnrollment(db, enrollment, photos)),
          photo: current ? await photoView(deps.files, current) : null,
          order: order ? orderView(order) : null,
        };
      }),
    ),
  };
}
