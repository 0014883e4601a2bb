/** Models come only from the verified install; a missing or corrupt file says which command to run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tfconv from '@tensorflow/tfjs-converter';
import sharp from 'sharp';
import { readFixture } from '../testing/fixtures';
import { computeFoldedConstants, type NodeDef } from './fold';
import { defaultModelsDir, modelsLock, sha256 } from './lock';
import {
  diskModelHandler,
  FOLDED_INPUT_SHAPES,
  foldedConstants,
  initTf,
  loadGraphModel,
  MODEL_NAMES,
  ModelsMissingError,
  tf,
  unfoldedModelHandler,
} from './index';

const installed = defaultModelsDir();

it('every model the engine uses is locked, installed and matches its sha256', () => {
  for (const name of MODEL_NAMES) {
    for (const file of [`${name}.json`, `${name}.bin`]) {
      const expected = modelsLock.files[file];
      expect(expected).toBeDefined();
      expect(sha256(fs.readFileSync(path.join(installed, file)))).toBe(expected);
    }
  }
});

it('loads a graph model from disk on the wasm backend', async () => {
  const model = await loadGraphModel('facemesh-detection-short');
  expect(model.inputs[0]?.shape).toEqual([-1, 128, 128, 3]);
});

describe('a broken installation', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradphoto-models-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a missing model names `npm run models:install`', async () => {
    await expect(diskModelHandler('selfie', dir).load!()).rejects.toThrow(ModelsMissingError);
    await expect(diskModelHandler('selfie', dir).load!()).rejects.toThrow('npm run models:install');
  });

  it('a corrupt model (one byte changed) is refused with the same advice', async () => {
    for (const f of ['selfie.json', 'selfie.bin']) fs.copyFileSync(path.join(installed, f), path.join(dir, f));
    const bin = fs.readFileSync(path.join(dir, 'selfie.bin'));
    bin[100]! ^= 0xff;
    fs.writeFileSync(path.join(dir, 'selfie.bin'), bin);
    await expect(diskModelHandler('selfie', dir).load!()).rejects.toThrow(/已损坏.*npm run models:install/);
  });
});

describe('graphs folded for their one input shape', () => {
  const OUTPUTS = ['output_faceflag', 'output_mesh_identity', 'output_lips', 'Identity_6:0', 'Identity_1:0', 'Identity_2:0', 'Identity_5:0'];

  it.each(Object.entries(FOLDED_INPUT_SHAPES))('%s: uses stored constants that are what running the locked model gives (else: run write-folded.ts)', async (name, shape) => {
    await initTf();
    const model = name as keyof typeof FOLDED_INPUT_SHAPES;
    const artifacts = await unfoldedModelHandler(model).load!();
    const stored = await foldedConstants(model, artifacts, shape!);
    expect(stored.length).toBeGreaterThan(model === 'facemesh-attention' ? 50 : 2);
    expect(await computeFoldedConstants(artifacts, shape!)).toEqual(stored);
  });

  it('drops a sixth of the nodes and gives the same outputs, bit for bit, on a face', async () => {
    await initTf();
    const unfolded = await tfconv.loadGraphModel(unfoldedModelHandler('facemesh-attention'));
    const folded = await tfconv.loadGraphModel(diskModelHandler('facemesh-attention'));
    const nodes = async (h: tf.io.IOHandler): Promise<number> => ((await h.load!()).modelTopology as { node: unknown[] }).node.length;
    expect(await nodes(diskModelHandler('facemesh-attention'))).toBeLessThan((await nodes(unfoldedModelHandler('facemesh-attention'))) * 0.85);
    const face = await sharp(readFixture('ok-gray-bg.jpg')).resize(192, 192, { fit: 'cover', position: 'top' }).raw().toBuffer();
    const input = tf.tidy(() => tf.tensor4d(Float32Array.from(face, (v) => v / 127.5 - 1), [1, 192, 192, 3]));
    const run = (m: tfconv.GraphModel): Float32Array[] => tf.tidy(() => (m.execute(input, OUTPUTS) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array));
    const [a, b] = [run(unfolded), run(folded)];
    expect(a[0]![0]).toBeGreaterThan(0); // the mesh sees a face
    expect(b).toEqual(a);
    tf.dispose([input]);
    unfolded.dispose();
  });
});

it('the full-range detector with its zero padding merged into the convolutions gives the same outputs, bit for bit', async () => {
  await initTf();
  const rewritten = await unfoldedModelHandler('facemesh-detection-full').load!();
  const converted = JSON.parse(fs.readFileSync(path.join(installed, 'facemesh-detection-full.json'), 'utf8')) as { modelTopology: { node: NodeDef[] } };
  const padded = (nodes: NodeDef[]): number => nodes.filter((n) => n.op.includes('Conv') && nodes.some((p) => p.op === 'Pad' && p.name === n.input?.[0])).length;
  expect(padded(converted.modelTopology.node)).toBeGreaterThan(40);
  expect(padded((rewritten.modelTopology as { node: NodeDef[] }).node)).toBe(0);
  const before = await tfconv.loadGraphModel({ load: async () => ({ ...rewritten, modelTopology: converted.modelTopology }) });
  const after = await tfconv.loadGraphModel({ load: async () => rewritten });
  const photo = await sharp(readFixture('bad-group.jpg')).resize(192, 192, { fit: 'contain' }).raw().toBuffer();
  const input = tf.tensor4d(Float32Array.from(photo, (v) => v / 127.5 - 1), [1, 192, 192, 3]);
  const run = (m: tfconv.GraphModel): Float32Array => tf.tidy(() => (m.execute(input, 'Identity:0') as tf.Tensor).dataSync() as Float32Array);
  expect(run(after)).toEqual(run(before));
  input.dispose();
});

it('the full-range detector folded for its one input shape (its output reshapes) gives the same outputs, bit for bit', async () => {
  await initTf();
  const unfolded = await tfconv.loadGraphModel(unfoldedModelHandler('facemesh-detection-full'));
  const folded = await tfconv.loadGraphModel(diskModelHandler('facemesh-detection-full'));
  const ops = async (h: tf.io.IOHandler): Promise<string[]> => ((await h.load!()).modelTopology as { node: NodeDef[] }).node.map((n) => n.op);
  expect(await ops(unfoldedModelHandler('facemesh-detection-full'))).toContain('Shape');
  expect(await ops(diskModelHandler('facemesh-detection-full'))).not.toContain('Shape');
  const photo = await sharp(readFixture('bad-group.jpg')).resize(192, 192, { fit: 'contain' }).raw().toBuffer();
  const input = tf.tensor4d(Float32Array.from(photo, (v) => v / 127.5 - 1), [1, 192, 192, 3]);
  const run = (m: tfconv.GraphModel): Float32Array[] => tf.tidy(() => (m.execute(input, ['Identity:0', 'Identity_1:0']) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array));
  expect(run(folded)).toEqual(run(unfolded));
  tf.dispose([input]);
  unfolded.dispose();
  folded.dispose();
});
