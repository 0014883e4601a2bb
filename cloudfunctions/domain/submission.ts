import type { PhotoState } from '../contracts/enums';
import { defineStateMachine } from './stateMachine';

/**
 * The submission state machine of a photo (architecture.md, "Submission states"). A new upload is not a
 * transition: it is a new photo in `checked`. Withdrawn and rejected photos stay as history.
 */
export const submission = defineStateMachine({
  /** The student sends a passing photo for review. */
  submit: { from: ['checked'], to: 'pending_review' },
  /** The student takes it back while nobody has decided yet. */
  withdraw: { from: ['pending_review'], to: 'withdrawn' },
  approve: { from: ['pending_review'], to: 'approved' },
  reject: { from: ['pending_review'], to: 'rejected' },
  /** Paid by the student, or the school pays: the photo is locked (待处理). */
  process: { from: ['approved'], to: 'processing' },
  /** Exported to 学信网 and the print shop (已完成). */
  deliver: { from: ['processing'], to: 'delivered' },
} satisfies Record<string, { from: PhotoState[]; to: PhotoState }>);

export type SubmissionEvent = keyof typeof submission.table;

/** States in which an enrolment's photo is "taken": no other photo of the enrolment may be submitted. */
export const ACTIVE_SUBMISSION_STATES = ['pending_review', 'approved', 'processing', 'delivered'] as const satisfies readonly PhotoState[];

export function isActiveSubmission(state: PhotoState): boolean {
  return (ACTIVE_SUBMISSION_STATES as readonly PhotoState[]).includes(state);
}

/** What each event is called on screens and in the audit trail. */
export const SUBMISSION_EVENT_LABELS: Record<SubmissionEvent, string> = {
  submit: '提交审核',
  withdraw: '撤回审核',
  approve: '审核通过',
  reject: '审核退回',
  process: '进入处理',
  deliver: '完成交付',
};
