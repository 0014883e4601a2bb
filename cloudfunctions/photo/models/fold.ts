/**
 * Constant folding of a converted graph for one fixed input shape. The converted face mesh recomputes its
 * tensors' shapes on every call (Shape → StridedSlice → Pack → Reshape chains and the like, about a fifth of its ops), and
 * tfjs pays a fixed overhead per node. With the input shape fixed, every node that does not depend on the
 * input's values is computed once, at load, and stored as a Const; nodes no output needs any more are dropped.
 * The arithmetic on the input's values is untouched, so the outputs are the same.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfconv from '@tensorflow/tfjs-converter';
import { z } from 'zod';

export type NodeDef = { name: string; op: string; input?: string[]; attr?: Record<string, unknown>; device?: string };

type Topology = { node?: NodeDef[] } & Record<string, unknown>;

/** Ops whose output shape depends on their input's values: a Shape downstream of them is not a constant. */
const VALUE_SHAPED_OPS = new Set(['Where', 'NonMaxSuppressionV2', 'NonMaxSuppressionV3', 'NonMaxSuppressionV4', 'NonMaxSuppressionV5', 'Unique', 'ListDiff', 'SparseToDense', 'Enter', 'Switch', 'Merge', 'TensorListFromTensor']);

/** Ops that must run on every call even when their inputs are constant. */
const NEVER_FOLDED = new Set(['Placeholder', 'Const', 'NoOp', 'RandomUniform', 'RandomStandardNormal', 'Multinomial', 'VarHandleOp', 'HashTable', 'HashTableV2']);

/** `^name` (control input), `name:1` (second output) → `name`. */
const nodeOf = (input: string): string => input.replace(/^\^/, '').replace(/:\d+$/, '');
const isControl = (input: string): boolean => input.startsWith('^');

function graphNodes(artifacts: tf.io.ModelArtifacts): NodeDef[] {
  const nodes = (artifacts.modelTopology as Topology | undefined)?.node;
  if (!nodes) throw new Error('constant folding: not a graph model');
  return nodes;
}

/** Names of the nodes the graph's signature outputs come from. */
function outputNodes(artifacts: tf.io.ModelArtifacts): string[] {
  const outputs = (artifacts.signature as { outputs?: Record<string, { name: string }> } | undefined)?.outputs;
  if (!outputs) throw new Error('constant folding: the graph has no signature outputs');
  return Object.values(outputs).map((o) => nodeOf(o.name));
}

/** Which nodes depend on the input's values (everything else is a constant once the input shape is fixed). */
function valueDependent(nodes: NodeDef[]): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const shapesFixed = !nodes.some((n) => VALUE_SHAPED_OPS.has(n.op));
  const dynamic = new Set<string>();
  const state = new Map<string, boolean>();
  const visit = (name: string): boolean => {
    const known = state.get(name);
    if (known !== undefined) return known;
    const node = byName.get(name);
    if (!node) throw new Error(`constant folding: input ${name} is not a node of the graph`);
    state.set(name, true); // a cycle (none in these graphs) counts as dynamic
    const inputs = (node.input ?? []).filter((i) => !isControl(i)).map(nodeOf);
    const isDynamic =
      node.op === 'Placeholder' ||
      (NEVER_FOLDED.has(node.op) && node.op !== 'Const') ||
      (node.op === 'Shape' && shapesFixed ? false : inputs.map(visit).some(Boolean));
    state.set(name, isDynamic);
    if (isDynamic) dynamic.add(name);
    return isDynamic;
  };
  for (const n of nodes) visit(n.name);
  return dynamic;
}

/** Nodes the outputs need, through data and control inputs. */
function reachable(nodes: NodeDef[], outputs: string[]): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const stack = [...outputs];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const i of byName.get(name)?.input ?? []) stack.push(nodeOf(i));
  }
  return seen;
}

export const foldedConstantSchema = z.object({
  name: z.string(),
  dtype: z.enum(['float32', 'int32', 'bool']),
  shape: z.array(z.number().int().nonnegative()),
  /** The values as stored in a weight file (little-endian float32/int32, one byte per bool), base64. */
  data: z.base64(),
});
export type FoldedConstant = z.infer<typeof foldedConstantSchema>;

const DT = { float32: 'DT_FLOAT', int32: 'DT_INT32', bool: 'DT_BOOL' } as const;

/**
 * The values of the graph's input-independent nodes for `inputShape` (the one shape it will be called with),
 * computed by running the graph once on the current tfjs backend.
 */
export async function computeFoldedConstants(artifacts: tf.io.ModelArtifacts, inputShape: number[]): Promise<FoldedConstant[]> {
  const nodes = graphNodes(artifacts);
  const dynamic = valueDependent(nodes);
  const consumedByDynamic = new Set(
    nodes.filter((n) => dynamic.has(n.name)).flatMap((n) => (n.input ?? []).filter((i) => !isControl(i)).map(nodeOf)),
  );
  const outputs = outputNodes(artifacts);
  const multiOutput = new Set(nodes.flatMap((n) => (n.input ?? []).filter((i) => /:[1-9]\d*$/.test(i)).map(nodeOf)));
  const targets = nodes.filter(
    (n) =>
      !dynamic.has(n.name) &&
      !NEVER_FOLDED.has(n.op) &&
      !multiOutput.has(n.name) &&
      (consumedByDynamic.has(n.name) || outputs.includes(n.name)),
  );
  if (targets.length === 0) return [];
  const model = await tfconv.loadGraphModel({ load: async () => artifacts });
  const input = tf.zeros(inputShape);
  try {
    const result = model.execute(input, targets.map((n) => `${n.name}:0`));
    const tensors = Array.isArray(result) ? result : [result];
    const folded = tensors.flatMap((t, k): FoldedConstant[] => {
      const dtype = t.dtype;
      if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool') return []; // left to run
      const values = t.dataSync();
      const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      return [{ name: targets[k]!.name, dtype, shape: t.shape, data: bytes.toString('base64') }];
    });
    tf.dispose(tensors);
    return folded;
  } finally {
    input.dispose();
    model.dispose();
  }
}

function weightBytes(c: FoldedConstant): Uint8Array {
  const bytes = Buffer.from(c.data, 'base64');
  const expected = c.shape.reduce((a, b) => a * b, 1) * (c.dtype === 'bool' ? 1 : 4);
  if (bytes.byteLength !== expected) throw new Error(`constant folding: ${c.name} has ${bytes.byteLength} bytes, expected ${expected}`);
  return bytes;
}

/** The graph with `constants` (from computeFoldedConstants) in place of their nodes, and what no output needs dropped. */
export function applyFoldedConstants(artifacts: tf.io.ModelArtifacts, constants: FoldedConstant[]): tf.io.ModelArtifacts {
  const nodes = graphNodes(artifacts);
  if (constants.length === 0) return artifacts;
  if (!(artifacts.weightData instanceof ArrayBuffer) || !artifacts.weightSpecs) throw new Error('constant folding: expected one weight buffer');
  const known = new Set(nodes.map((n) => n.name));
  const replaced = new Map<string, NodeDef>();
  for (const c of constants) {
    if (!known.has(c.name)) throw new Error(`constant folding: the graph has no node ${c.name}`);
    const dtype = DT[c.dtype];
    replaced.set(c.name, {
      name: c.name,
      op: 'Const',
      attr: { value: { tensor: { dtype, tensorShape: { dim: c.shape.map((size) => ({ size: String(size) })) } } }, dtype: { type: dtype } },
    });
  }
  const rewritten = nodes.map((n) => replaced.get(n.name) ?? n);
  const live = reachable(rewritten, outputNodes(artifacts));
  const chunks = [new Uint8Array(artifacts.weightData), ...constants.map(weightBytes)];
  const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return {
    ...artifacts,
    modelTopology: { ...(artifacts.modelTopology as Topology), node: rewritten.filter((n) => live.has(n.name)) },
    weightSpecs: [...artifacts.weightSpecs, ...constants.map(({ name, shape, dtype }) => ({ name, shape, dtype }))],
    weightData: bytes.buffer,
  };
}
