import { forbiddenTransitions } from './stateMachine.testing';
import { PHOTO_STATE_LABELS, type PhotoState } from '../contracts/enums';
import { isActiveSubmission, submission, type SubmissionEvent } from './submission';

const STATES = Object.keys(PHOTO_STATE_LABELS) as PhotoState[];
const EVENTS = Object.keys(submission.table) as SubmissionEvent[];

/** The whole table, written out: every pair not listed here must be refused. */
const ALLOWED: [PhotoState, SubmissionEvent, PhotoState][] = [
  ['checked', 'submit', 'pending_review'],
  ['pending_review', 'withdraw', 'withdrawn'],
  ['pending_review', 'approve', 'approved'],
  ['pending_review', 'reject', 'rejected'],
  ['approved', 'process', 'processing'],
  ['processing', 'deliver', 'delivered'],
];

describe('the submission state machine', () => {
  it.each(ALLOWED)('allows %s --%s--> %s', (from, event, to) => {
    expect(submission.next(from, event)).toBe(to);
  });

  const forbidden = forbiddenTransitions(submission, STATES, ALLOWED);
  it.each(forbidden)('refuses %s --%s-->', (state, event) => {
    expect(submission.next(state, event)).toBeNull();
  });

  it('covers every state × event pair between the two lists', () => {
    expect(ALLOWED.length + forbidden.length).toBe(STATES.length * EVENTS.length);
  });

  it('lists the events allowed in a state', () => {
    expect(submission.allowed('pending_review').sort()).toEqual(['approve', 'reject', 'withdraw']);
    expect(submission.allowed('withdrawn')).toEqual([]);
    expect(submission.allowed('delivered')).toEqual([]);
  });

  it('treats a photo under review or beyond as the enrolment’s active submission', () => {
    expect(STATES.filter(isActiveSubmission)).toEqual(['pending_review', 'approved', 'processing', 'delivered']);
  });
});
