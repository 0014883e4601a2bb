/** The full-range detector with its decoding in JS finds the package's faces, bit for bit, on every fixture. */
import * as fd from '@tensorflow-models/face-detection';
import * as tfconv from '@tensorflow/tfjs-converter';
import { decode } from './decode';
import { FullRangeDetector } from './fullRangeDetector';
import { diskModelHandler, initTf, tf } from './models';
import { fixtures, readFixture } from './testing/fixtures';

let ours: FullRangeDetector;
let theirs: fd.FaceDetector;

beforeAll(async () => {
  await initTf();
  ours = new FullRangeDetector(await tfconv.loadGraphModel(diskModelHandler('facemesh-detection-full')), 20);
  theirs = await fd.createDetector(fd.SupportedModels.MediaPipeFaceDetector, {
    runtime: 'tfjs',
    modelType: 'full',
    maxFaces: 20,
    detectorModelUrl: diskModelHandler('facemesh-detection-full') as unknown as string,
  });
});

const photos = [...fixtures('ok-'), ...fixtures('edge-'), ...fixtures('bad-').filter((f) => !f.includes('not-an-image'))];

it.each(photos)('%s: the same faces as face-detection 1.0.3', async (name) => {
  const { image } = await decode(readFixture(name), { quick: true });
  const input = tf.tidy(() => tf.cast(tf.tensor3d(image.data, [image.height, image.width, 3], 'int32'), 'float32'));
  try {
    const expected = await (theirs as unknown as { detectFaces(t: tf.Tensor3D): Promise<unknown[]> }).detectFaces(input);
    const found = await ours.detectFaces(input);
    expect(found).toEqual(expected);
    if (/two-faces|group/.test(name)) expect(found.length).toBeGreaterThan(1);
  } finally {
    input.dispose();
  }
});
