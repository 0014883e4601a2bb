import { approvePhoto } from '../../app/approvePhoto';
import { approveUnflagged } from '../../app/approveUnflagged';
import type { AppDeps } from '../../app/deps';
import { rejectPhoto } from '../../app/rejectPhoto';
import { reviewPhoto } from '../../app/reviewPhoto';
import { reviewQueue } from '../../app/reviewQueue';
import { userFromContext } from '../authenticate';
import { createMain, type Main } from '../main';

/** The `review` function: reviewers (and ops) decide on submitted photos; each use-case checks role and school. */
export function createReviewMain(deps: AppDeps): Main {
  return createMain(
    'review',
    {
      queue: (input, caller) => reviewQueue(deps, caller, input),
      photo: (input, caller) => reviewPhoto(deps, caller, input.photoId),
      approve: (input, caller) => approvePhoto(deps, caller, input.photoId),
      reject: (input, caller) => rejectPhoto(deps, caller, input),
      approveUnflagged: (input, caller) => approveUnflagged(deps, caller, input.photoIds),
    },
    userFromContext(deps.identity),
  );
}
