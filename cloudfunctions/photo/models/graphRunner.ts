/**
 * A lean executor for our graph models. tfjs-converter's GraphExecutor and tfjs-core's engine cost a fixed
 * amount per node (tensor-map lookups, parameter parsing, the ops' argument checks, scopes and tracking) —
 * about half of the face mesh's time. Here a GraphModel is compiled once into a flat plan: the nodes the
 * outputs need in topological order, each bound to its wasm kernel with its attrs (graphOps.ts), its inputs as
 * slot numbers, and every intermediate freed right after its last use. Running the plan calls the kernels
 * directly, outside the engine; the kernels and their arguments are the ones model.execute would use, so the
 * outputs are the same, bit for bit.
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { LOWERINGS, type KernelBackend, type NodeParams, type ParsedNode, type TensorInfo } from './graphOps';

/** Ops that compute nothing at run time: constants are slots filled at compile time, placeholders the inputs. */
const SOURCES = new Set(['Const', 'Placeholder']);

type Step = {
  /** The slots the node's kernel reads, in the order its lowering asked for them. */
  args: number[];
  /** Where those tensors are put for the call (reused: a run is synchronous). */
  argv: TensorInfo[];
  run: (x: TensorInfo[], backend: KernelBackend) => TensorInfo;
  out: number;
  /** Intermediate slots whose last reader this step is. */
  frees: number[];
  name: string;
};

/** The private parts of tfjs-converter 4.22's GraphModel the plan is compiled from (checked, so an update fails here). */
type ParsedGraph = {
  nodes: Record<string, ParsedNode & { inputs: ParsedNode[] }>;
  placeholders: ParsedNode[];
  signature?: { outputs?: Record<string, { name: string }> };
};

function parsedGraph(model: GraphModel): { graph: ParsedGraph; weights: Record<string, tf.Tensor[]> } {
  const executor = (model as unknown as { executor?: { graph?: Partial<ParsedGraph> } }).executor;
  const graph = executor?.graph;
  if (!graph?.nodes || !Array.isArray(graph.placeholders)) {
    throw new Error('graph runner: not the tfjs-converter GraphModel it was written against (4.22: executor.graph)');
  }
  return { graph: graph as ParsedGraph, weights: model.weights };
}

/** `name:1` → ['name', 1]; `name` → ['name', 0]. */
function parseTensorName(name: string): [string, number] {
  const colon = name.lastIndexOf(':');
  const index = colon < 0 ? NaN : Number(name.slice(colon + 1));
  return Number.isInteger(index) && colon + 1 < name.length ? [name.slice(0, colon), index] : [name, 0];
}

/** A constant input's values as the converter's getParamValue gives them: a number, or the values nested by shape. */
function constantValue(t: tf.Tensor, type: string): unknown {
  const data = t.dataSync();
  return type === 'number' ? data[0] : tf.util.toNestedArray(t.shape, data);
}

export class CompiledGraph {
  private constructor(
    private readonly steps: Step[],
    /** Slots of the constants, filled once; the rest are filled per run. */
    private readonly constants: Array<TensorInfo | undefined>,
    private readonly inputSlots: number[],
    private readonly outputSlots: number[],
    /** The slots a run allocates (not constants, not inputs): freed on error. */
    private readonly owned: boolean[],
    private readonly backend: KernelBackend,
  ) {}

  /**
   * The plan for `outputs` (tensor names, `node:index`, or the model's signature output keys; default: the
   * model's outputs) of a loaded GraphModel on the wasm backend. Throws, naming them, for ops it cannot run.
   */
  static compile(model: GraphModel, outputs: string[] = model.outputNodes): CompiledGraph {
    const { graph, weights } = parsedGraph(model);
    const backend = tf.backend() as KernelBackend;
    if (tf.getBackend() !== 'wasm') throw new Error(`graph runner: the wasm backend is not active (${tf.getBackend()})`);
    const signatureOutputs = graph.signature?.outputs ?? {};
    const wanted = outputs.map((o) => parseTensorName(signatureOutputs[o]?.name ?? o));

    // The nodes the outputs need, inputs before consumers.
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string): void => {
      const s = state.get(name);
      if (s === 'done') return;
      if (s === 'visiting') throw new Error(`graph runner: the graph has a cycle through ${name}`);
      const node = graph.nodes[name];
      if (!node) throw new Error(`graph runner: the graph has no node ${name}`);
      state.set(name, 'visiting');
      if (!SOURCES.has(node.op)) for (const i of node.inputNames) visit(parseTensorName(i)[0]);
      state.set(name, 'done');
      order.push(name);
    };
    for (const [name] of wanted) visit(name);

    const unmapped = [...new Set(order.map((n) => graph.nodes[n]!.op).filter((op) => !SOURCES.has(op) && !LOWERINGS[op]))];
    if (unmapped.length) throw new Error(`graph runner: no lowering for the op(s) ${unmapped.join(', ')}`);

    const slotOf = new Map<string, number>();
    const constants: Array<TensorInfo | undefined> = [];
    const owned: boolean[] = [];
    const newSlot = (name: string, value: TensorInfo | undefined, isOwned: boolean): number => {
      slotOf.set(name, constants.length);
      constants.push(value);
      owned.push(isOwned);
      return constants.length - 1;
    };
    const inputSlots = graph.placeholders.map((p) => newSlot(p.name, undefined, false));
    const slot = (input: string): number => {
      const [name, index] = parseTensorName(input);
      if (index !== 0) throw new Error(`graph runner: output ${index} of ${name} is read; only single-output ops are supported`);
      const s = slotOf.get(name);
      if (s === undefined) throw new Error(`graph runner: ${name} is read before it is computed`);
      return s;
    };

    const steps: Step[] = [];
    for (const name of order) {
      const node = graph.nodes[name]!;
      if (node.op === 'Placeholder') continue;
      if (node.op === 'Const') {
        const t = weights[name]?.[0];
        if (!t) throw new Error(`graph runner: the constant ${name} has no weight`);
        newSlot(name, { dataId: t.dataId, shape: t.shape, dtype: t.dtype }, false);
        continue;
      }
      const lowered = LOWERINGS[node.op]!(nodeParams(node, weights));
      const args = lowered.inputs.map((i) => slot(node.inputNames[i]!));
      steps.push({ args, argv: new Array<TensorInfo>(args.length), run: lowered.run, out: newSlot(name, undefined, true), frees: [], name });
    }

    // Each intermediate is freed after its last reader, unless it is an output (the caller owns those).
    const outputSlots = wanted.map(([name]) => slotOf.get(name)!);
    const handedOut = new Set(outputSlots);
    const lastReader = new Map<number, Step>();
    for (const step of steps) for (const a of step.args) lastReader.set(a, step);
    for (const [s, step] of lastReader) if (owned[s] && !handedOut.has(s)) step.frees.push(s);
    return new CompiledGraph(steps, constants, inputSlots, outputSlots, owned, backend);
  }

  /**
   * Runs the plan on `inputs` (one per placeholder, on the wasm backend; not freed) and gives the outputs, each
   * owning one reference to its data (free with backend.disposeData, or wrap with `execute`).
   */
  run(inputs: TensorInfo[]): TensorInfo[] {
    if (inputs.length !== this.inputSlots.length) throw new Error(`graph runner: ${inputs.length} inputs given, the graph takes ${this.inputSlots.length}`);
    const slots = this.constants.slice();
    const backend = this.backend;
    for (let i = 0; i < inputs.length; i++) slots[this.inputSlots[i]!] = inputs[i];
    const steps = this.steps;
    let i = 0;
    try {
      for (; i < steps.length; i++) {
        const step = steps[i]!;
        const { args, argv, frees } = step;
        for (let a = 0; a < args.length; a++) argv[a] = slots[args[a]!]!;
        slots[step.out] = step.run(argv, backend);
        for (let f = 0; f < frees.length; f++) {
          backend.disposeData(slots[frees[f]!]!.dataId);
          slots[frees[f]!] = undefined;
        }
      }
    } catch (err) {
      for (let s = 0; s < slots.length; s++) if (this.owned[s] && slots[s]) backend.disposeData(slots[s]!.dataId);
      throw new Error(`graph runner: ${steps[i]?.name ?? 'a node'} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    // A constant, an input or a repeated output handed out gets its own reference.
    const given = new Set<number>();
    return this.outputSlots.map((s) => {
      const t = slots[s]!;
      if (!this.owned[s] || given.has(s)) backend.incRef(t.dataId);
      given.add(s);
      return t;
    });
  }

  /** As GraphModel.execute: tensors in, tensors out (tracked by tfjs like any other; dispose them). */
  execute(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const engine = tf.engine();
    return this.run(list.map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }))).map((info) => engine.makeTensorFromTensorInfo(info, this.backend));
  }

  /** Nodes run per call (constants and inputs excluded). */
  get size(): number {
    return this.steps.length;
  }
}

/** A node's parameters, as the converter's getParamValue reads them. */
function nodeParams(node: ParsedNode, weights: Record<string, tf.Tensor[]>): NodeParams {
  const param = (name: string): { type: string; inputIndexStart?: number; inputIndexEnd?: number } | undefined => node.inputParams[name];
  const position = (start: number): number => (start < 0 ? node.inputNames.length + start : start);
  const params: NodeParams = {
    node,
    attr: <T>(name: string): T => node.attrParams[name]?.value as T,
    value: <T>(name: string): T => {
      const p = param(name);
      if (p?.inputIndexStart === undefined) return params.attr<T>(name);
      const input = node.inputNames[position(p.inputIndexStart)]!;
      const [source, index] = parseTensorName(input);
      const t = index === 0 ? weights[source]?.[0] : undefined;
      if (!t) throw new Error(`graph runner: ${node.name} (${node.op}) reads its ${name} from ${input}, which is not a constant (fold the graph for its input shape)`);
      return constantValue(t, p.type) as T;
    },
    tensor: (name: string): number => {
      const p = param(name);
      if (p?.inputIndexStart === undefined) throw new Error(`graph runner: ${node.name} (${node.op}) has no tensor input ${name}`);
      return position(p.inputIndexStart);
    },
    tensors: (name: string): number[] => {
      const p = param(name);
      if (p?.inputIndexStart === undefined) throw new Error(`graph runner: ${node.name} (${node.op}) has no tensor inputs ${name}`);
      const start = p.inputIndexStart;
      const end = p.inputIndexEnd === 0 ? undefined : p.inputIndexEnd === undefined ? start + 1 : p.inputIndexEnd;
      const all = node.inputNames.map((_, i) => i);
      return all.slice(start, end);
    },
  };
  return params;
}

const compiled = new WeakMap<GraphModel, Map<string, CompiledGraph>>();

/** The model's plan for `outputs` (default: the model's outputs), compiled on first use and kept with the model. */
export function compiledGraph(model: GraphModel, outputs: string[] = model.outputNodes): CompiledGraph {
  let plans = compiled.get(model);
  if (!plans) compiled.set(model, (plans = new Map()));
  const key = outputs.join('\n');
  let plan = plans.get(key);
  if (!plan) plans.set(key, (plan = CompiledGraph.compile(model, outputs)));
  return plan;
}
