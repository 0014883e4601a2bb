/** The face stage on our graph runner finds what it finds on tfjs's own executor: the same boxes and 478 points, bit for bit. */
import { decode } from './decode';
import { createFaceDetectors, detectFaces, type FaceDetectors } from './face';
import { fixtures, readFixture } from './testing/fixtures';

jest.setTimeout(120_000);

let lean: FaceDetectors;
let reference: FaceDetectors;

beforeAll(async () => {
  lean = await createFaceDetectors();
  reference = await createFaceDetectors({ graphRunner: false });
});

const photos = [...fixtures('ok-'), ...fixtures('edge-'), ...fixtures('bad-').filter((f) => !f.includes('not-an-image'))];

it.each(photos)('%s: the same faces and mesh as on tfjs’s executor, counting and not', async (name) => {
  const { image } = await decode(readFixture(name), { quick: true });
  for (const count of [true, false]) {
    const expected = await detectFaces(reference, image, { count });
    const found = await detectFaces(lean, image, { count });
    expect(found).toEqual(expected);
    if (name.startsWith('ok-')) expect(found.mesh).toHaveLength(478);
  }
});
