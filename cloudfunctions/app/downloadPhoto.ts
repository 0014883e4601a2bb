import type { AppDeps, Caller } from './deps';
import { completedPhoto } from './completedPhoto';

/** Download links live 5 minutes: long enough to save to the album, too short to pass around. */
export const DOWNLOAD_TTL_SECONDS = 5 * 60;

/** `student.downloadPhoto`: a short-lived link to the completed standard photo. */
export async function downloadPhoto(deps: AppDeps, caller: Caller, enrollmentId: string): Promise<{ url: string; expiresAt: number }> {
  const photo = await completedPhoto(deps, caller, enrollmentId);
  return { url: await deps.files.url(photo.standardFileId, DOWNLOAD_TTL_SECONDS), expiresAt: deps.clock.now() + DOWNLOAD_TTL_SECONDS * 1000 };
}
