/** The replaced wasm kernels: GatherV2 gives what gather means and refuses indices out of range; Transform gives tfjs's floats. */
import sharp from 'sharp';
import { readFixture } from '../testing/fixtures';
import { initTf, tf } from './index';
import { withOriginalKernels } from './kernels';

beforeAll(() => initTf());

/** Gather by the definition: out[o, i, s] = x[o, indices[i], s]. */
function expected(x: number[], shape: number[], indices: number[], axis: number): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) for (const k of indices) for (let s = 0; s < inner; s++) out.push(x[(o * shape[axis]! + k) * inner + s]!);
  return out;
}

it.each([
  { shape: [2304, 32], axis: 0, dtype: 'float32' as const },
  { shape: [1, 468, 3], axis: 1, dtype: 'float32' as const },
  { shape: [4, 5, 6], axis: 2, dtype: 'int32' as const },
  { shape: [4, 5, 6], axis: -1, dtype: 'int32' as const },
  { shape: [9, 5], axis: 0, dtype: 'bool' as const },
  { shape: [2, 9, 3], axis: 1, dtype: 'bool' as const },
])('gathers $dtype $shape along axis $axis', ({ shape, axis, dtype }) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => (dtype === 'float32' ? Math.sin(i) * 1000 : dtype === 'bool' ? (i * 5) % 3 : i * 7 - 50));
  const a = axis < 0 ? axis + shape.length : axis;
  const indices = Array.from({ length: 2 * shape[a]! + 1 }, (_, i) => (i * 5 + 3) % shape[a]!);
  const x = tf.tensor(values, shape, dtype);
  const ix = tf.tensor1d(indices, 'int32');
  const y = tf.gather(x, ix, axis);
  expect(y.shape).toEqual([...shape.slice(0, a), indices.length, ...shape.slice(a + 1)]);
  expect(Array.from(y.dataSync())).toEqual(Array.from(tf.tensor(expected(values, shape, indices, a), undefined, dtype).dataSync()));
  tf.dispose([x, ix, y]);
});

it('keeps a 2-D index shape in the output', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const y = tf.gather(x, tf.tensor2d([2, 0, 1, 1], [2, 2], 'int32'));
  expect(y.shape).toEqual([2, 2, 2]);
  expect(Array.from(y.dataSync())).toEqual([5, 6, 1, 2, 3, 4, 3, 4]);
});

it('refuses an index out of range', () => {
  expect(() => tf.gather(tf.tensor1d([1, 2, 3]), tf.tensor1d([3], 'int32'))).toThrow(/not in \[0, 2\]/);
});

describe('Transform (tf.image.transform, as the face detectors crop with it)', () => {
  let image: tf.Tensor4D;
  beforeAll(async () => {
    const pixels = await sharp(readFixture('bad-group.jpg')).resize(576, 768, { fit: 'fill' }).raw().toBuffer();
    image = tf.tensor4d(Float32Array.from(pixels), [1, 768, 576, 3]);
  });
  afterAll(() => image.dispose());

  // Rotations, scales, shifts reaching outside the image, and projective terms.
  const cases = Array.from({ length: 12 }, (_, s) => {
    const angle = s * 0.37;
    const scale = 0.5 + (s % 7) * 0.4;
    return [Math.cos(angle) * scale, -Math.sin(angle) * scale, 100 + s * 13.7, Math.sin(angle) * scale, Math.cos(angle) * scale, -50 + s * 17.3, s % 5 === 0 ? 3e-4 : 0, s % 3 === 0 ? -2e-4 : 0];
  }).concat([
    // Axis-aligned, as the full-range detector letterboxes the whole image (columns outside it), signed zeros, a flip.
    [4, 0, -96, 0, 4, 0, 0, 0],
    [3.0000001, -0, 1.25, -0, 4.0000002, -7.3, -0, 0],
    [-2.7, 0, 600.1, 0, 3.3, -100.05, 0, -0],
  ]);

  it.each(['constant', 'nearest'] as const)('gives tfjs-backend-wasm’s floats exactly, with %s fill', (fill) => {
    for (const m of cases) {
      const transforms = tf.tensor2d(m, [1, 8]);
      const run = (): Float32Array => tf.tidy(() => tf.image.transform(image, transforms, 'bilinear', fill, 0, [192, 192]).dataSync() as Float32Array);
      const [ours, theirs] = [run(), withOriginalKernels(run)];
      expect(ours.length).toBe(192 * 192 * 3);
      expect(Buffer.from(ours.buffer).equals(Buffer.from(theirs.buffer))).toBe(true);
      transforms.dispose();
    }
  });
});

describe('Concat and DepthToSpace (copies)', () => {
  const values = (shape: number[], dtype: 'float32' | 'int32', seed: number): tf.Tensor =>
    tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (dtype === 'float32' ? Math.sin(i + seed) * 100 : i * 3 - seed)), shape, dtype);
  const same = (run: () => tf.Tensor): void => {
    const read = (): { shape: number[]; data: number[] } => tf.tidy(() => {
      const t = run();
      return { shape: t.shape, data: Array.from(t.dataSync()) };
    });
    expect(read()).toEqual(withOriginalKernels(read));
  };

  it.each([
    [[[1, 2304, 1], [1, 2304, 16]], 2],
    [[[1, 71, 1], [1, 71, 1], [1, 71, 1]], -1],
    [[[2, 3, 40], [2, 5, 40]], 1],
    [[[4, 6], [1, 6], [2, 6]], 0],
  ] as Array<[number[][], number]>)('concatenates %j along axis %i as tfjs does', (shapes, axis) => {
    for (const dtype of ['float32', 'int32'] as const) same(() => tf.concat(shapes.map((s, i) => values(s, dtype, i)), axis));
  });

  it('refuses shapes that do not fit', () => {
    expect(() => tf.concat([tf.zeros([2, 3]), tf.zeros([3, 3])], 1)).toThrow();
  });

  it.each([
    [[1, 24, 24, 128], 2],
    [[2, 3, 5, 18], 3],
    [[1, 12, 12, 4], 2],
  ])('moves depth to space for %j, block %i, as tfjs does', (shape, block) => {
    same(() => tf.depthToSpace(values(shape as number[], 'float32', 1) as tf.Tensor4D, block as number, 'NHWC'));
  });
});

describe('Cast to the dtype a tensor has (shares its data)', () => {
  it.each(['float32', 'int32', 'bool'] as const)('%s: the same values, no new data, and disposing one keeps the other', (dtype) => {
    const x = tf.tensor([0, 1, 2.5, -3], [2, 2], dtype);
    const before = tf.backend().numDataIds();
    const y = tf.cast(x, dtype);
    expect(tf.backend().numDataIds()).toBe(before);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(withOriginalKernels(() => tf.tidy(() => Array.from(tf.cast(tf.tensor([0, 1, 2.5, -3], [2, 2], dtype), dtype).dataSync()))));
    y.dispose();
    expect(tf.backend().numDataIds()).toBe(before - 1);
  });

  it('still converts between dtypes', () => {
    expect(Array.from(tf.cast(tf.tensor([1.7, -2.2, 0]), 'int32').dataSync())).toEqual([1, -2, 0]);
  });
});
