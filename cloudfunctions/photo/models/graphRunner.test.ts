/**
 * The graph runner gives model.execute's outputs, bit for bit, for every model the engine runs with it, on
 * every fixture; it frees what it allocates; an op it has no lowering for fails when compiled, not when run.
 */
import sharp from 'sharp';
import { fixtures, readFixture } from '../testing/fixtures';
import { LOWERINGS, type KernelBackend, type Lowered, type NodeParams } from './graphOps';
import { compiledGraph, CompiledGraph } from './graphRunner';
import { initTf, loadGraphModel, tf, type ModelName } from './index';

jest.setTimeout(120_000);

type Case = { model: ModelName; outputs?: string[]; height: number; width: number; range: [number, number] };

/** Each model with the outputs its caller asks for and the input it is given (size, value range). */
const MODELS: Case[] = [
  { model: 'facemesh-detection-full', outputs: ['Identity:0'], height: 192, width: 192, range: [-1, 1] },
  {
    model: 'facemesh-attention',
    outputs: ['output_faceflag', 'output_mesh_identity', 'output_lips', 'Identity_6:0', 'Identity_1:0', 'Identity_2:0', 'Identity_5:0'],
    height: 192,
    width: 192,
    range: [0, 1],
  },
  { model: 'selfie', height: 256, width: 256, range: [0, 1] },
  { model: 'meet', height: 144, width: 256, range: [0, 1] },
];

const photos = [...fixtures('ok-'), ...fixtures('edge-'), ...fixtures('bad-').filter((f) => !f.includes('not-an-image'))];

async function modelInput(photo: string, { height, width, range: [lo, hi] }: Case): Promise<tf.Tensor4D> {
  const pixels = await sharp(readFixture(photo)).removeAlpha().resize(width, height, { fit: 'cover', position: 'top' }).raw().toBuffer();
  return tf.tensor4d(Float32Array.from(pixels, (v) => lo + (v / 255) * (hi - lo)), [1, height, width, 3]);
}

/** How many values differ in their bits (so -0 ≠ 0, and NaN = NaN only with the same payload). */
function differingValues(a: tf.TypedArray, b: tf.TypedArray): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  const [x, y] = [new Uint32Array(a.buffer, a.byteOffset, a.length), new Uint32Array(b.buffer, b.byteOffset, b.length)];
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

beforeAll(() => initTf());

describe.each(MODELS)('$model', (c) => {
  it.each(photos)('%s: the outputs of model.execute, bit for bit', async (photo) => {
    const model = await loadGraphModel(c.model);
    const input = await modelInput(photo, c);
    const expected = [model.execute(input, c.outputs)].flat();
    const got = compiledGraph(model, c.outputs).execute(input);
    try {
      expect(got.map((t) => [t.shape, t.dtype])).toEqual(expected.map((t) => [t.shape, t.dtype]));
      expect(got.map((t, i) => differingValues(t.dataSync(), expected[i]!.dataSync()))).toEqual(expected.map(() => 0));
    } finally {
      tf.dispose([input, ...expected, ...got]);
    }
  });
});

it('frees every intermediate: after the outputs are disposed the backend holds what it held before', async () => {
  const model = await loadGraphModel('facemesh-attention');
  const c = MODELS[1]!;
  const graph = compiledGraph(model, c.outputs);
  const input = await modelInput('ok-gray-bg.jpg', c);
  const backend = tf.backend();
  const before = backend.numDataIds();
  tf.dispose(graph.execute(input));
  expect(backend.numDataIds()).toBe(before);
  expect(graph.size).toBeGreaterThan(500);
  input.dispose();
});

it('refuses at compile time a graph with an op it has no lowering for, naming the op', async () => {
  // The short-range detector (not folded) computes its output shapes with Shape nodes at run time.
  const model = await loadGraphModel('facemesh-detection-short');
  expect(() => CompiledGraph.compile(model)).toThrow(/no lowering for the op\(s\) Shape/);
});

describe('StridedSlice, planned once per input shape and copied', () => {
  type Attrs = { begin: number[]; end: number[]; strides: number[]; beginMask?: number; endMask?: number; ellipsisMask?: number; newAxisMask?: number; shrinkAxisMask?: number };
  /** The lowering as the compiler builds it, for a node with these attrs (begin, end and strides as constant inputs). */
  function lowered(a: Attrs): Lowered {
    const values: Record<string, unknown> = { begin: a.begin, end: a.end, strides: a.strides };
    const attrs: Record<string, unknown> = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, ...a };
    const params: NodeParams = {
      node: { name: 'slice', op: 'StridedSlice', inputNames: ['x'], inputParams: {}, attrParams: {} },
      attr: <T>(name: string): T => attrs[name] as T,
      value: <T>(name: string): T => values[name] as T,
      tensor: () => 0,
      tensors: () => [0],
    };
    return LOWERINGS.StridedSlice!(params);
  }

  it.each<[number[], Attrs]>([
    [[1, 4, 4], { begin: [0, 1, 2], end: [1, 2, 3], strides: [1, 1, 1], shrinkAxisMask: 6 }],
    [[1, 468, 3], { begin: [0, 0, 0], end: [0, 1, 1], strides: [1, 1, 1], beginMask: 1, endMask: 1 }],
    [[1, 71, 3], { begin: [0, 0, 0], end: [0, 0, 2], strides: [1, 1, 1], beginMask: 3, endMask: 3 }],
    [[1, 2, 256], { begin: [0, 1], end: [0, 2], strides: [1, 1], beginMask: 1, endMask: 1, newAxisMask: 0 }],
    [[5, 6, 7], { begin: [4, 0, 6], end: [0, 6, 0], strides: [-2, 3, -3] }],
    [[5, 6, 7], { begin: [0, 1], end: [0, 5], strides: [1, 2], ellipsisMask: 1 }],
    [[3, 4], { begin: [0, 1, 0], end: [0, 3, 0], strides: [1, 1, 1], newAxisMask: 1, beginMask: 4, endMask: 4 }],
    [[2, 3, 4], { begin: [0, 0, 0], end: [2, 3, 4], strides: [1, 1, 1] }],
  ])('%j %j: the wasm kernel’s shape, dtype and bits', (shape, attrs) => {
    const x = tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i) * 1e3), shape);
    const a = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0, ...attrs };
    const expected = tf.stridedSlice(x, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
    const step = lowered(attrs);
    const backend = tf.backend() as KernelBackend;
    for (let run = 0; run < 2; run++) {
      const got = tf.engine().makeTensorFromTensorInfo(step.run([{ dataId: x.dataId, shape: x.shape, dtype: x.dtype }], backend));
      expect([got.shape, got.dtype]).toEqual([expected.shape, expected.dtype]);
      expect(differingValues(got.dataSync(), expected.dataSync())).toBe(0);
      got.dispose();
    }
    tf.dispose([x, expected]);
  });
});
