import { Client, photo } from './support/client';
import { issueTestCode } from './support/codes';
import { removeDataDir, startLocalCloud, tempDataDir, type RunningCloud } from './support/localCloud';

// Over HTTP against a real server that runs the engine (models load on the first check; a check takes
// seconds on a busy 2-core machine).
jest.setTimeout(240_000);

/**
 * 50 concurrent submit / withdraw / submit calls on one photo: transitions are conditional updates, so
 * the photo ends in one consistent state and the audit trail explains every success, and only those.
 */
let cloud: RunningCloud;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  cloud = await startLocalCloud(dataDir);
});

afterAll(async () => {
  await cloud?.stop();
  removeDataDir(dataDir);
});

it('leaves one consistent state and an audit trail that explains it', async () => {
  const student = await new Client(cloud.url).login('student');
  const code = issueTestCode();
  const { enrollment } = await student.ok('student', 'enroll', { text: code.text, idLast4: code.idLast4 });
  const { photo: checked } = await student.ok('student', 'checkPhoto', {
    enrollmentId: enrollment.id,
    fileId: await student.uploadOk(photo('ok-gray-bg.jpg')),
  });
  expect(checked.verdict).toBe('pass');

  const actions = Array.from({ length: 50 }, (_, i) => (i % 3 === 1 ? 'withdrawPhoto' : 'submitPhoto') as 'submitPhoto' | 'withdrawPhoto');
  const replies = await Promise.all(actions.map((action) => student.call('student', action, { photoId: checked.id })));

  const succeeded = replies.flatMap((reply, i) => (reply.ok ? [actions[i]] : []));
  for (const reply of replies) if (!reply.ok) expect(reply.error.code).toBe('INVALID_STATE');

  const { photos } = await student.ok('student', 'getEnrollment', { enrollmentId: enrollment.id });
  const [final] = photos;
  const transitions = final!.history.filter((entry) => entry.event !== 'check');
  // Each success is exactly one audited transition, each from the state the previous one left.
  expect(transitions).toHaveLength(succeeded.length);
  let state = 'checked';
  for (const entry of transitions) {
    expect(entry.from).toBe(state);
    state = entry.to!;
  }
  expect(final!.state).toBe(state);
  // checked → pending_review is taken at most once, and a withdrawn photo stays withdrawn.
  expect(succeeded.filter((action) => action === 'submitPhoto')).toHaveLength(1);
  expect(['pending_review', 'withdrawn']).toContain(final!.state);
  expect(succeeded.filter((action) => action === 'withdrawPhoto')).toHaveLength(final!.state === 'withdrawn' ? 1 : 0);
});
