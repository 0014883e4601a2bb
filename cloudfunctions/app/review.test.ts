import { isAppError } from '../contracts/errors';
import { createReviewMain } from '../functions/review';
import { approvePhoto } from './approvePhoto';
import { listEnrollments } from './listEnrollments';
import { markOverdueResubmissions } from './markOverdueResubmissions';
import { rejectPhoto } from './rejectPhoto';
import { reviewQueue } from './reviewQueue';
import { openWorkflowWorld, type WorkflowWorld } from './testing/workflowWorld';

const HOUR = 3600_000;
let w: WorkflowWorld;
beforeEach(async () => {
  w = await openWorkflowWorld();
});
afterEach(() => w.close());

const ctx = (caller?: { openid: string }) => (caller ? { OPENID: caller.openid } : {});

describe('review.queue', () => {
  it('lists pending photos oldest first, a page at a time, with the pending and overdue counts', async () => {
    const school = await w.school();
    const batch = await w.batch(school);
    const reviewer = await w.staff('reviewer', school);
    const photos = [];
    for (let i = 0; i < 5; i++) {
      const { enrollment } = await w.student(batch);
      photos.push(await w.photo(enrollment, { submittedAt: w.clock.now() - (50 - i) * HOUR }));
    }
    const first = await reviewQueue(w.deps, reviewer, { limit: 2 });
    expect(first.items.map((item) => item.photo.id)).toEqual([photos[0]!.id, photos[1]!.id]);
    expect(first.pending).toBe(5);
    // Submitted 50 h and 49 h ago: past the 48 h promise.
    expect(first.overdue).toBe(2);
    expect(first.items[0]).toMatchObject({ overdue: true, student: { nameMasked: '张*', codeNumber: expect.any(String) }, batch: { id: batch.id } });
    expect(first.items[0]!.photo.standardUrl).toMatch(/^\/api\/files\//);
    const second = await reviewQueue(w.deps, reviewer, { limit: 2, cursor: first.next });
    const third = await reviewQueue(w.deps, reviewer, { limit: 2, cursor: second.next });
    expect([...second.items, ...third.items].map((item) => item.photo.id)).toEqual(photos.slice(2).map((p) => p.id));
    expect(third.next).toBeUndefined();
  });

  it('filters by batch and by automatic flags, and counts overdue against the batch’s own promise', async () => {
    const school = await w.school();
    const quick = await w.batch(school, { reviewHours: 24 });
    const other = await w.batch(school);
    const reviewer = await w.staff('reviewer', school);
    const flagged = await w.photo((await w.student(quick)).enrollment, {
      submittedAt: w.clock.now() - 30 * HOUR,
      flags: [{ code: 'DUPLICATE', message: '与其他学生的照片相同或高度相似', photoId: 'x' }],
      flagged: true,
    });
    const plain = await w.photo((await w.student(other)).enrollment, { submittedAt: w.clock.now() - 30 * HOUR });
    const byBatch = await reviewQueue(w.deps, reviewer, { batchId: quick.id, limit: 20 });
    expect(byBatch.items.map((i) => i.photo.id)).toEqual([flagged.id]);
    expect(byBatch.overdue).toBe(1);
    expect((await reviewQueue(w.deps, reviewer, { flagged: true, limit: 20 })).items.map((i) => i.photo.id)).toEqual([flagged.id]);
    expect((await reviewQueue(w.deps, reviewer, { flagged: false, limit: 20 })).items.map((i) => i.photo.id)).toEqual([plain.id]);
    expect((await reviewQueue(w.deps, reviewer, { limit: 20 })).overdue).toBe(1);
  });

  it('shows a reviewer only their own school', async () => {
    const mine = await w.school('10538');
    const theirs = await w.school('10533');
    await w.photo((await w.student(await w.batch(theirs))).enrollment);
    const reviewer = await w.staff('reviewer', mine);
    expect((await reviewQueue(w.deps, reviewer, { limit: 20 })).items).toEqual([]);
    await expect(reviewQueue(w.deps, reviewer, { schoolId: theirs.id, limit: 20 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('deciding on a photo', () => {
  it('approves; a student-paid batch then waits for the fee, a school-paid one goes to processing', async () => {
    const school = await w.school();
    const reviewer = await w.staff('reviewer', school);
    const studentPays = await w.photo((await w.student(await w.batch(school))).enrollment);
    const schoolPays = await w.photo((await w.student(await w.batch(school, { payer: 'school' }))).enrollment);
    expect((await approvePhoto(w.deps, reviewer, studentPays.id)).photo.state).toBe('approved');
    expect((await approvePhoto(w.deps, reviewer, schoolPays.id)).photo.state).toBe('processing');
    const history = await w.db.collection('audit').find({ where: { entityId: schoolPays.id }, orderBy: [['id', 'asc']] });
    expect(history.map((h) => [h.event, h.from, h.to])).toEqual([
      ['approve', 'pending_review', 'approved'],
      ['process', 'approved', 'processing'],
    ]);
  });

  it('rejects with reasons and a note; the student is told why and has 48 hours to resubmit', async () => {
    const school = await w.school();
    const reviewer = await w.staff('reviewer', school);
    const { enrollment } = await w.student(await w.batch(school));
    const photo = await w.photo(enrollment);
    const { photo: rejected } = await rejectPhoto(w.deps, reviewer, { photoId: photo.id, reasons: ['BACKGROUND', 'GLASSES'], note: '请摘下眼镜' });
    expect(rejected).toMatchObject({
      state: 'rejected',
      rejectReasons: [
        { code: 'BACKGROUND', label: '背景不符合要求' },
        { code: 'GLASSES', label: '眼镜反光或遮挡眼睛' },
      ],
      rejectNote: '请摘下眼镜',
      resubmitBy: w.clock.now() + 48 * HOUR,
    });
    const [notice] = await w.db.collection('notifications').find({ where: { openid: enrollment.openid } });
    expect(notice).toMatchObject({ kind: 'review_rejected', title: '照片审核未通过' });
    expect(notice!.body).toContain('背景不符合要求；眼镜反光或遮挡眼睛');
    expect(w.pushes).toEqual([expect.objectContaining({ openid: enrollment.openid, template: 'reviewResult' })]);
  });

  it('marks the enrolment overdue once the resubmission deadline passes without a new photo', async () => {
    const school = await w.school();
    const reviewer = await w.staff('reviewer', school);
    const late = await w.student(await w.batch(school));
    const onTime = await w.student(await w.batch(school));
    for (const { enrollment } of [late, onTime]) {
      const photo = await w.photo(enrollment);
      await rejectPhoto(w.deps, reviewer, { photoId: photo.id, reasons: ['BLUR'] });
    }
    w.clock.advance(HOUR);
    await w.photo(onTime.enrollment, { state: 'pending_review', submittedAt: w.clock.now() });
    w.clock.advance(48 * HOUR);
    expect(await markOverdueResubmissions(w.deps)).toEqual({ marked: 1 });
    expect((await listEnrollments(w.deps, late.caller)).enrollments[0]).toMatchObject({ status: 'rejected', resubmitOverdueAt: w.clock.now() });
    expect((await w.db.collection('enrollments').get(onTime.enrollment.id))?.resubmitOverdueAt).toBeUndefined();
    expect(await markOverdueResubmissions(w.deps)).toEqual({ marked: 0 });
  });

  it('lets exactly one of two reviewers deciding at once win; the other gets INVALID_STATE', async () => {
    const school = await w.school();
    const [a, b] = [await w.staff('reviewer', school), await w.staff('reviewer', school)];
    for (const decide of [
      (photoId: string) => [approvePhoto(w.deps, a, photoId), approvePhoto(w.deps, b, photoId)],
      (photoId: string) => [approvePhoto(w.deps, a, photoId), rejectPhoto(w.deps, b, { photoId, reasons: ['HAIR'] })],
    ]) {
      const photo = await w.photo((await w.student(await w.batch(school))).enrollment);
      const results = await Promise.allSettled(decide(photo.id));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(isAppError(lost.reason) && lost.reason.code).toBe('INVALID_STATE');
      expect(await w.db.collection('audit').count({ entityId: photo.id })).toBe(1);
      expect(await w.db.collection('notifications').count({ entityId: photo.id })).toBe(1);
    }
  });

  it('approves in bulk only the photos without flags', async () => {
    const school = await w.school();
    const reviewer = await w.staff('reviewer', school);
    const batch = await w.batch(school);
    const clean = await w.photo((await w.student(batch)).enrollment);
    const flagged = await w.photo((await w.student(batch)).enrollment, { flags: [{ code: 'HEAD_YAW', message: '头部略有偏转' }], flagged: true });
    const main = createReviewMain(w.deps);
    const reply = await main({ action: 'approveUnflagged', input: { photoIds: [clean.id, flagged.id] } }, ctx(reviewer));
    expect(reply).toEqual({ ok: true, data: { approved: [clean.id], skipped: [{ photoId: flagged.id, code: 'FLAGGED', message: expect.any(String) }] } });
    expect((await w.db.collection('photos').get(flagged.id))?.state).toBe('pending_review');
  });
});

describe('who may review (the authorisation matrix)', () => {
  it.each(['queue', 'photo', 'approve', 'reject', 'approveUnflagged'])(
    'review.%s: students, school admins, reviewers of another school and callers without a token are refused, nothing changes',
    async (action) => {
      const mine = await w.school('10538');
      const other = await w.school('10533');
      const photo = await w.photo((await w.student(await w.batch(mine))).enrollment);
      const inputs: Record<string, unknown> = {
        queue: { schoolId: mine.id },
        photo: { photoId: photo.id },
        approve: { photoId: photo.id },
        reject: { photoId: photo.id, reasons: ['OTHER'] },
        approveUnflagged: { photoIds: [photo.id] },
      };
      const main = createReviewMain(w.deps);
      const callers = [
        [await w.staff('student'), 'FORBIDDEN'],
        [await w.staff('school', mine), 'FORBIDDEN'],
        [await w.staff('reviewer', other), 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const;
      const before = await w.db.collection('photos').get(photo.id);
      for (const [caller, code] of callers) {
        const reply = await main({ action, input: inputs[action] }, ctx(caller));
        // Bulk approval reports per photo instead of failing the whole call.
        const refused = reply.ok ? (reply.data as { skipped: { code: string }[] }).skipped[0]?.code : reply.error.code;
        expect([action, caller?.openid, refused]).toEqual([action, caller?.openid, code]);
      }
      expect(await w.db.collection('photos').get(photo.id)).toEqual(before);
      expect(await w.db.collection('audit').count({ entityId: photo.id })).toBe(0);
      // …while the school's own reviewer may.
      expect((await main({ action, input: inputs[action] }, ctx(await w.staff('reviewer', mine)))).ok).toBe(true);
    },
  );
});
