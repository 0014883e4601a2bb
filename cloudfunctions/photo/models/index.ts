/**
 * tfjs on the wasm backend and the engine's graph models, read from disk (never from the network).
 * Every file is checked against models.lock.json when loaded, so a corrupt or missing model gives an
 * error naming the install command instead of a wasm crash later.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import { applyFoldedConstants, computeFoldedConstants, foldedConstantSchema, type NodeDef } from './fold';
import foldedAttentionJson from './folded/facemesh-attention.json';
import foldedFullRangeJson from './folded/facemesh-detection-full.json';
import { installFastKernels } from './kernels';
import { mergeZeroPadding } from './padding';
import { defaultModelsDir, INSTALL_COMMAND, modelsLock, sha256 } from './lock';

export const MODEL_NAMES = [
  'facemesh-detection-short',
  'facemesh-detection-full',
  'facemesh-attention',
  'selfie',
  'meet',
] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export class ModelsMissingError extends Error {
  override readonly name = 'ModelsMissingError';
}

let tfReady: Promise<void> | undefined;

/** Sets up the wasm backend once per process (SIMD when the runtime has it; one thread in Node). */
export function initTf(): Promise<void> {
  tfReady ??= (async () => {
    const wasmDir = path.dirname(createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(wasmDir + path.sep);
    installFastKernels();
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend could not be initialised');
    await tf.ready();
  })();
  return tfReady;
}

let modelsDirInUse = defaultModelsDir();

/** Where models are read from; the engine sets it from its options. */
export function setModelsDir(dir: string): void {
  if (path.resolve(dir) !== path.resolve(modelsDirInUse)) {
    modelsDirInUse = dir;
    graphCache.clear();
  }
}

export function modelsDir(): string {
  return modelsDirInUse;
}

function readVerified(dir: string, file: string): Buffer {
  const expected = modelsLock.files[file];
  if (!expected) throw new ModelsMissingError(`模型文件 ${file} 不在 models.lock.json 中`);
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) {
    throw new ModelsMissingError(`缺少模型文件 ${full}，请运行 \`${INSTALL_COMMAND}\``);
  }
  const data = fs.readFileSync(full);
  if (sha256(data) !== expected) {
    throw new ModelsMissingError(`模型文件 ${full} 已损坏（sha256 不符），请运行 \`${INSTALL_COMMAND}\``);
  }
  return data;
}

/**
 * The attention face mesh has three int32 MatMul nodes (inside its spatial transformer's `repeat`) that the
 * wasm backend has no kernel for. Compute them in float32 — exact for the small integers involved — and cast
 * back, so every consumer still sees int32.
 */
function rewriteInt32MatMul(nodes: NodeDef[]): NodeDef[] {
  const out: NodeDef[] = [];
  const cast = (name: string, input: string, src: string, dst: string): NodeDef => ({
    name,
    op: 'Cast',
    input: [input],
    attr: { SrcT: { type: src }, DstT: { type: dst } },
  });
  for (const node of nodes) {
    const t = (node.attr?.T as { type?: string } | undefined)?.type;
    if (node.op !== 'MatMul' || t !== 'DT_INT32' || node.input?.length !== 2) {
      out.push(node);
      continue;
    }
    const [a, b] = node.input as [string, string];
    out.push(cast(`${node.name}/a_f32`, a, 'DT_INT32', 'DT_FLOAT'));
    out.push(cast(`${node.name}/b_f32`, b, 'DT_INT32', 'DT_FLOAT'));
    out.push({ ...node, name: `${node.name}/f32`, input: [`${node.name}/a_f32`, `${node.name}/b_f32`], attr: { ...node.attr, T: { type: 'DT_FLOAT' } } });
    out.push(cast(node.name, `${node.name}/f32`, 'DT_FLOAT', 'DT_INT32'));
  }
  return out;
}

export const storedFoldingSchema = z.object({
  model: z.enum(MODEL_NAMES),
  inputShape: z.array(z.number().int().positive()),
  /** The lock's sha256 of the model files the constants were computed from. */
  source: z.object({ json: z.string(), bin: z.string() }),
  constants: z.array(foldedConstantSchema),
});
export type StoredFolding = z.infer<typeof storedFoldingSchema>;

/**
 * Graphs always called with one input shape are folded for it (fold.ts). Their constants are stored in
 * folded/ (`npx tsx cloudfunctions/photo/models/write-folded.ts`), so a start does not run the graph to find
 * them; stored ones computed from other model files are not used, and the graph is run once at load instead.
 */
export const FOLDED_INPUT_SHAPES: Partial<Record<ModelName, number[]>> = {
  'facemesh-attention': [1, 192, 192, 3],
  'facemesh-detection-full': [1, 192, 192, 3],
};
const STORED_FOLDINGS: Partial<Record<ModelName, unknown>> = {
  'facemesh-attention': foldedAttentionJson,
  'facemesh-detection-full': foldedFullRangeJson,
};

/** The lock's sha256 of a model's two files. */
export function modelSource(name: ModelName): StoredFolding['source'] {
  return { json: modelsLock.files[`${name}.json`] ?? '', bin: modelsLock.files[`${name}.bin`] ?? '' };
}

/** The model's graph as converted, with the rewrites that keep its outputs (int32 MatMul, zero padding), before folding. */
function readArtifacts(name: ModelName, dir: string): tf.io.ModelArtifacts {
  const json = JSON.parse(readVerified(dir, `${name}.json`).toString('utf8')) as {
    modelTopology: { node?: NodeDef[] } & Record<string, unknown>;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    signature?: object;
  };
  const buffers = json.weightsManifest.flatMap((group) => group.paths.map((p) => readVerified(dir, p)));
  const weightData = Buffer.concat(buffers);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    signature: json.signature,
  };
  // The Pad nodes merged away stay in the list; the executor runs only what the outputs need.
  if (json.modelTopology.node) json.modelTopology.node = mergeZeroPadding(artifacts, rewriteInt32MatMul(json.modelTopology.node));
  return artifacts;
}

/** The folded constants of a model: the stored ones when they are from these model files, else computed now. */
export async function foldedConstants(name: ModelName, artifacts: tf.io.ModelArtifacts, inputShape: number[]): Promise<StoredFolding['constants']> {
  const stored = storedFoldingSchema.parse(STORED_FOLDINGS[name] ?? { model: name, inputShape: [], source: { json: '', bin: '' }, constants: [] });
  const source = modelSource(name);
  const current = stored.source.json === source.json && stored.source.bin === source.bin && stored.inputShape.join() === inputShape.join();
  if (current) return stored.constants;
  await initTf();
  return computeFoldedConstants(artifacts, inputShape);
}

/** A tf.io.IOHandler that reads `<dir>/<name>.json` and its weight files, verified against the lock file. */
export function diskModelHandler(name: ModelName, dir: string = modelsDirInUse): tf.io.IOHandler {
  return {
    load: async () => {
      const artifacts = readArtifacts(name, dir);
      const inputShape = FOLDED_INPUT_SHAPES[name];
      return inputShape ? applyFoldedConstants(artifacts, await foldedConstants(name, artifacts, inputShape)) : artifacts;
    },
  };
}

/** The model's graph as converted (int32 MatMuls and zero padding rewritten), not folded: for computing the folded constants. */
export function unfoldedModelHandler(name: ModelName, dir: string = modelsDirInUse): tf.io.IOHandler {
  return { load: async () => readArtifacts(name, dir) };
}

const graphCache = new Map<ModelName, Promise<tfconv.GraphModel>>();

/** Loads (once per process) one of the locked graph models from the models folder. */
export function loadGraphModel(name: ModelName): Promise<tfconv.GraphModel> {
  let model = graphCache.get(name);
  if (!model) {
    model = initTf().then(() => tfconv.loadGraphModel(diskModelHandler(name)));
    model.catch(() => graphCache.delete(name));
    graphCache.set(name, model);
  }
  return model;
}

export { tf };
