/** The replaced wasm GatherV2 gives what gather means, on every axis, and refuses indices out of range. */
import { initTf, tf } from './index';

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
])('gathers $dtype $shape along axis $axis', ({ shape, axis, dtype }) => {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => (dtype === 'float32' ? Math.sin(i) * 1000 : i * 7 - 50));
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
