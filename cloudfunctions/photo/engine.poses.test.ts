/**
 * The pose checks on real faces: single people cut out of the shared group photos (bad-group: @vladmandic/face-api's
 * demo/sample1.jpg; bad-two-faces: face_recognition's examples/two_people.jpg, see the fixtures' SOURCES.md). Each
 * cut-out shows one face, sharp enough for its landmarks to be judged, and fails with the code its pose calls for.
 */
import { createEngine, LIMITS, type CheckCode, type PhotoEngine, type PhotoReport } from './index';
import { readFixture } from './testing/fixtures';
import { variants } from './testing/variants';

jest.setTimeout(120_000);

let engine: PhotoEngine;
beforeAll(async () => {
  engine = await createEngine();
});

const result = (r: PhotoReport, code: CheckCode) => r.checks!.find((c) => c.code === code)!;

/** Portrait-shaped boxes around one person, as fractions of the photo. */
const PEOPLE = {
  turned: ['bad-group.jpg', { left: 0.119, top: 0.17, right: 0.391, bottom: 0.715 }],
  lidsLowered: ['bad-group.jpg', { left: 0.353, top: 0.238, right: 0.604, bottom: 0.739 }],
  chinRaised: ['bad-two-faces.jpg', { left: 0.095, top: 0, right: 0.488, bottom: 0.891 }],
} as const;

async function checkPerson(who: keyof typeof PEOPLE): Promise<PhotoReport> {
  const [fixture, box] = PEOPLE[who];
  const report = await engine.check(await variants.cropped(readFixture(fixture), box));
  expect(result(report, 'FACE_MULTIPLE')).toMatchObject({ status: 'pass', value: 1 });
  // A blurred face's landmark checks only warn; these must be judged.
  expect(result(report, 'BLUR').status).toBe('pass');
  return report;
}

it('a face turned to one side fails HEAD_YAW', async () => {
  const report = await checkPerson('turned');
  expect(result(report, 'HEAD_YAW').status).toBe('fail');
  expect(Math.abs(result(report, 'HEAD_YAW').value as number)).toBeGreaterThan(2 * LIMITS.face.maxYawDeg);
  expect(result(report, 'HEAD_PITCH').status).toBe('pass');
  expect(result(report, 'EYES_CLOSED').status).toBe('pass');
});

it('eyes looking down with the lids lowered fail EYES_CLOSED', async () => {
  const report = await checkPerson('lidsLowered');
  expect(result(report, 'EYES_CLOSED').status).toBe('fail');
  expect(result(report, 'EYES_CLOSED').value).toBeLessThan(LIMITS.face.minEyeOpen);
});

it('a raised chin fails HEAD_PITCH, with the eyes judged open', async () => {
  const report = await checkPerson('chinRaised');
  expect(result(report, 'HEAD_PITCH').status).toBe('fail');
  expect(Math.abs(result(report, 'HEAD_PITCH').value as number)).toBeGreaterThan(LIMITS.face.maxPitchDeg);
  expect(result(report, 'EYES_CLOSED').status).toBe('pass');
});
