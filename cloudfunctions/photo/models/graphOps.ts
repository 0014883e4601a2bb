/**
 * The graph ops our models use, each lowered to the wasm kernel call that tfjs-converter's executor and the
 * tfjs-core op behind it would make: the same kernel, the same inputs, the same attrs, so the same values.
 * What the executor reads from a constant input (a shape, an axis, paddings) is read once, when compiled.
 * An op not listed here fails at load (graphRunner.ts), never at run time.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackend } from './kernels';

export type TensorInfo = tf.TensorInfo;

/** The wasm backend as the kernels use it. */
export type KernelBackend = tf.KernelBackend & { incRef(dataId: tf.DataId): void; disposeData(dataId: tf.DataId, force?: boolean): boolean };

/** A node as tfjs-converter 4.22 parses it (GraphModel → executor.graph.nodes). */
export type ParsedNode = {
  name: string;
  op: string;
  inputNames: string[];
  inputParams: Record<string, { type: string; inputIndexStart?: number; inputIndexEnd?: number }>;
  attrParams: Record<string, { value?: unknown; type: string }>;
};

/** What a lowering asks of its node: attrs, the values of constant inputs, and which inputs are tensors. */
export type NodeParams = {
  node: ParsedNode;
  attr<T>(name: string): T;
  /** A parameter the executor reads as values (a constant input: number, number[] or nested) or an attr. */
  value<T>(name: string): T;
  /** The input position (in node.inputNames) of a tensor parameter. */
  tensor(name: string): number;
  tensors(name: string): number[];
};

/** One node compiled: the input positions it reads, and the call that makes its output from them. */
export type Lowered = { inputs: number[]; run: (x: TensorInfo[], backend: KernelBackend) => TensorInfo };

type Lowering = (p: NodeParams) => Lowered;

const NO_ATTRS = {};

function kernel(name: string): tf.KernelFunc {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`graph runner: the wasm backend has no ${name} kernel`);
  return config.kernelFunc;
}

type KernelResult = TensorInfo | TensorInfo[];
const single = (out: KernelResult, name: string): TensorInfo => {
  if (Array.isArray(out)) throw new Error(`graph runner: ${name} gave ${out.length} outputs, one expected`);
  return out;
};

/** The converter's alias for an unchanged tensor (Identity, a one-input Concat): the same data, one more reference. */
const alias = (x: TensorInfo, backend: KernelBackend): TensorInfo => {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

function unary(kernelName: string): Lowering {
  return (p) => {
    const f = kernel(kernelName);
    return { inputs: [p.tensor('x')], run: ([x], backend) => single(f({ inputs: { x: x! }, backend, attrs: NO_ATTRS }), kernelName) };
  };
}

const sameShape = (a: number[], b: number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** The wasm backend's internals a direct kernel call uses (tfjs-backend-wasm 4.22). */
type WasmInternals = WasmBackend & {
  dataIdMap: { get(dataId: tf.DataId): { id: number } | undefined };
  wasm: { HEAPU8: Uint8Array; _malloc(bytes: number): number; _free(ptr: number): void; asm?: Record<string, unknown> };
};

type DirectCall = (...args: number[]) => void;

/** The C++ kernel `name` as the module exports it (its `_name` is a forwarding wrapper until first called), or null. */
function exported(w: WasmInternals, name: string): DirectCall | null {
  const f = w.wasm.asm?.[name];
  return typeof f === 'function' ? (f as DirectCall) : null;
}

/** The C++ kernels' dtype codes (tfjs-backend-wasm's CppDType). */
const CPP_DTYPE: Partial<Record<tf.DataType, number>> = { float32: 0, int32: 1, bool: 2 };

/** The output dtype of the wasm binary kernels that do not give their input's. */
const BINARY_OUT_DTYPE: Record<string, tf.DataType> = { LessEqual: 'bool', GreaterEqual: 'bool', LogicalAnd: 'bool' };

/** Two operand shapes, their broadcast shape, and both written once into the wasm heap as the C++ kernel reads them. */
type BinaryPlan = { a: number[]; b: number[]; outShape: number[]; size: number; aPtr: number; bPtr: number };

function binaryPlan(a: number[], b: number[], w: WasmInternals, old: BinaryPlan | undefined): BinaryPlan {
  if (old) w.wasm._free(old.aPtr);
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a, b);
  const aPtr = w.wasm._malloc(4 * Math.max(1, a.length + b.length));
  new Int32Array(w.wasm.HEAPU8.buffer, aPtr, a.length + b.length).set([...a, ...b]);
  return { a: a.slice(), b: b.slice(), outShape, size: tf.util.sizeFromShape(outShape), aPtr, bPtr: aPtr + 4 * a.length };
}

/**
 * Two-input elementwise ops; a graph's two inputs have one dtype (TensorFlow's T), so tfjs's makeTypesMatch casts
 * nothing. The C++ kernel is called directly with what the backend's kernelFunc would pass it (the same kernel,
 * the same values), the operand shapes planned once per node: the mesh runs ~250 of these a call, mostly on a
 * few values, where the kernelFunc's per-call work (the broadcast shape, shape arrays copied onto the wasm stack
 * through ccall) was much of the time.
 */
function binary(kernelName: string, a = 'a', b = 'b'): Lowering {
  return (p) => {
    const f = kernel(kernelName);
    const outDtype = BINARY_OUT_DTYPE[kernelName];
    let plan: BinaryPlan | undefined;
    let call: DirectCall | null | undefined;
    return {
      inputs: [p.tensor(a), p.tensor(b)],
      run: ([x, y], backend) => {
        const w = backend as unknown as WasmInternals;
        if (call === undefined) call = exported(w, kernelName);
        const dtype = CPP_DTYPE[x!.dtype];
        if (!call || dtype === undefined || x!.dtype !== y!.dtype) return single(f({ inputs: { a: x!, b: y! }, backend, attrs: NO_ATTRS }), kernelName);
        if (!plan || !sameShape(plan.a, x!.shape) || !sameShape(plan.b, y!.shape)) plan = binaryPlan(x!.shape, y!.shape, w, plan);
        const out = w.makeOutput(plan.outShape.slice(), outDtype ?? x!.dtype);
        if (plan.size === 0) return out;
        const id = (t: TensorInfo): number => w.dataIdMap.get(t.dataId)!.id;
        call(id(x!), plan.aPtr, plan.a.length, id(y!), plan.bPtr, plan.b.length, dtype, id(out));
        return out;
      },
    };
  };
}

/** A kernel with one tensor input under `inputName` and attrs fixed at compile time. */
function withAttrs(kernelName: string, attrs: (p: NodeParams) => object, param = 'x', inputName = 'x'): Lowering {
  return (p) => {
    const f = kernel(kernelName);
    const a = attrs(p) as tf.NamedAttrMap;
    return { inputs: [p.tensor(param)], run: ([x], backend) => single(f({ inputs: { [inputName]: x! }, backend, attrs: a }), kernelName) };
  };
}

/** getPadding of the converter's executors: 'same' / 'valid', or the explicit paddings as four pairs. */
function padding(p: NodeParams): unknown {
  const pad = p.attr<string>('pad');
  if (pad !== 'explicit') return pad;
  const e = p.attr<number[]>('explicitPaddings');
  return [0, 1, 2, 3].map((i) => [e[i * 2], e[i * 2 + 1]]);
}

const pair = (v: number[]): [number, number] => [v[1]!, v[2]!];

const convAttrs = (p: NodeParams): object => ({
  strides: pair(p.attr<number[]>('strides')),
  pad: padding(p),
  dataFormat: p.attr<string>('dataFormat').toUpperCase(),
  dilations: pair(p.attr<number[]>('dilations')),
  dimRoundingMode: undefined,
});

/** _FusedConv2D / FusedDepthwiseConv2dNative: the converter's fusedConvAndDepthWiseParams, then tfjs-core's fused op. */
function fusedConv(kernelName: string, input: string): Lowering {
  return (p) => {
    const f = kernel(kernelName);
    const [extraOp, activation] = p.attr<string[]>('fusedOps');
    if (extraOp === 'fusedbatchnorm') throw new Error(`graph runner: ${p.node.name}: fused batch norm is not supported`);
    const args = p.tensors('args');
    const biasAdd = extraOp === 'biasadd';
    const prelu = activation === 'prelu';
    if (biasAdd && args.length !== (prelu ? 2 : 1)) throw new Error(`graph runner: ${p.node.name}: ${args.length} extra arguments for ${extraOp}+${activation}`);
    const bias = biasAdd ? args[0] : undefined;
    const alpha = prelu ? (biasAdd ? args[1] : args[0]) : undefined;
    const attrs = { ...convAttrs(p), activation: activation || 'linear', leakyreluAlpha: p.attr<number>('leakyreluAlpha') } as tf.NamedAttrMap;
    const inputs = [p.tensor(input), p.tensor('filter'), ...(bias === undefined ? [] : [bias]), ...(alpha === undefined ? [] : [alpha])];
    const hasBias = bias !== undefined;
    const hasAlpha = alpha !== undefined;
    return {
      inputs,
      run: (t, backend) => {
        const named: tf.NamedTensorInfoMap = { x: t[0]!, filter: t[1]! };
        if (hasBias) named.bias = t[2]!;
        if (hasAlpha) named.preluActivationWeights = t[hasBias ? 3 : 2]!;
        return single(f({ inputs: named, backend, attrs }), kernelName);
      },
    };
  };
}

function conv(kernelName: string, input: string): Lowering {
  return (p) => {
    const f = kernel(kernelName);
    const attrs = convAttrs(p) as tf.NamedAttrMap;
    return { inputs: [p.tensor(input), p.tensor('filter')], run: ([x, w], backend) => single(f({ inputs: { x: x!, filter: w! }, backend, attrs }), kernelName) };
  };
}

function pool(kernelName: string): Lowering {
  return withAttrs(kernelName, (p) => ({
    filterSize: pair(p.attr<number[]>('kernelSize')),
    strides: pair(p.attr<number[]>('strides')),
    pad: p.attr<string>('pad'),
    dimRoundingMode: undefined,
  }));
}

/** Several tensors into one kernel (Pack, AddN, Concat). */
function many(kernelName: string, inputs: (p: NodeParams) => number[], attrs: (p: NodeParams) => object): Lowering {
  return (p) => {
    const f = kernel(kernelName);
    const a = attrs(p) as tf.NamedAttrMap;
    const positions = inputs(p);
    if (positions.length === 1 && kernelName === 'Concat') return { inputs: positions, run: ([x], backend) => alias(x!, backend) };
    return { inputs: positions, run: (t, backend) => single(f({ inputs: t as unknown as tf.NamedTensorInfoMap, backend, attrs: a }), kernelName) };
  };
}

/** Pack: the converter reshapes inputs to the first one's shape when only their squeezed shapes agree. */
const pack: Lowering = (p) => {
  const f = kernel('Pack');
  const reshape = kernel('Reshape');
  const attrs = { axis: p.attr<number>('axis') };
  return {
    inputs: p.tensors('tensors'),
    run: (t, backend) => {
      const shape = t[0]!.shape;
      const same = t.every((x) => x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]));
      if (same) return single(f({ inputs: t as unknown as tf.NamedTensorInfoMap, backend, attrs }), 'Pack');
      const squeezed = (s: number[]): string => s.filter((d) => d !== 1).join();
      if (!t.every((x) => squeezed(x.shape) === squeezed(shape))) throw new Error(`graph runner: ${p.node.name}: the input tensors shape does not match`);
      const reshaped = t.map((x) => single(reshape({ inputs: { x }, backend, attrs: { shape } }), 'Reshape'));
      try {
        return single(f({ inputs: reshaped as unknown as tf.NamedTensorInfoMap, backend, attrs }), 'Pack');
      } finally {
        for (const x of reshaped) backend.disposeData(x.dataId);
      }
    },
  };
};

const gather: Lowering = (p) => {
  const f = kernel('GatherV2');
  const cast = kernel('Cast');
  const attrs = { axis: p.value<number>('axis'), batchDims: p.attr<number>('batchDims') };
  return {
    inputs: [p.tensor('x'), p.tensor('indices')],
    run: ([x, indices], backend) => {
      // The converter casts the indices to int32 (a copy when they already are).
      if (indices!.dtype === 'int32') return single(f({ inputs: { x: x!, indices: indices! }, backend, attrs }), 'GatherV2');
      const i32 = single(cast({ inputs: { x: indices! }, backend, attrs: { dtype: 'int32' } }), 'Cast');
      try {
        return single(f({ inputs: { x: x!, indices: i32 }, backend, attrs }), 'GatherV2');
      } finally {
        backend.disposeData(i32.dataId);
      }
    },
  };
};

const transpose: Lowering = (p) => {
  const f = kernel('Transpose');
  const attrs = { perm: p.value<number[]>('perm') };
  return { inputs: [p.tensor('x')], run: ([x], backend) => (x!.shape.length <= 1 ? alias(x!, backend) : single(f({ inputs: { x: x! }, backend, attrs }), 'Transpose')) };
};

/** tfjs-core's avgPool casts its result to the input's dtype: float32 in, float32 out, so nothing. */
const avgPool: Lowering = (p) => {
  const lowered = pool('AvgPool')(p);
  return {
    inputs: lowered.inputs,
    run: (t, backend) => {
      if (t[0]!.dtype !== 'float32') throw new Error(`graph runner: ${p.node.name}: AvgPool of ${t[0]!.dtype}`);
      return lowered.run(t, backend);
    },
  };
};

type StridedSliceAttrs = {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
};

/** A float32 StridedSlice for one input shape: the output's shape and, for each of its elements, where it is read. */
type SlicePlan = { inputShape: number[]; outShape: number[]; identity: boolean; from: Int32Array };

/**
 * The plan from tfjs-core's sliceInfo, as the wasm kernel calls it: the begin and stride it gives each input
 * dimension and the element count along it (its processing shape), row-major, so the elements come in the
 * kernel's order. undefined where the counts do not make its final shape (left to the kernel).
 */
function slicePlan(shape: number[], a: StridedSliceAttrs): SlicePlan | undefined {
  const info = tf.slice_util.sliceInfo(shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
  const counts = shape.map((_, d) => {
    const interval = info.end[d]! - info.begin[d]!;
    const stride = info.strides[d]!;
    return interval === 0 || interval < 0 !== stride < 0 ? 0 : Math.trunc(interval / stride) + (interval % stride !== 0 ? 1 : 0);
  });
  const size = tf.util.sizeFromShape(info.finalShape);
  if (size === 0 || tf.util.sizeFromShape(counts) !== size) return undefined;
  const strides = tf.util.computeStrides(shape);
  const from = new Int32Array(size);
  const index = counts.map(() => 0);
  for (let k = 0; k < size; k++) {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) offset += (info.begin[d]! + index[d]! * info.strides[d]!) * (strides[d] ?? 1);
    from[k] = offset;
    for (let d = shape.length - 1; d >= 0 && ++index[d]! === counts[d]; d--) index[d] = 0;
  }
  return { inputShape: shape.slice(), outShape: info.finalShape, identity: info.isIdentity, from };
}

/**
 * StridedSlice: the face mesh slices tiny tensors (its spatial transformers' 4×4 matrices, a few landmark rows)
 * 116 times a call, where the wasm kernel spends most of its ~25 µs on slice bookkeeping. The graph is folded for
 * one input shape, so each node's slice is planned once (slicePlan) and then only copied, bit for bit (Int32
 * views), into a float32 output as the kernel's — or given the input's data under the new shape where the
 * kernel only reshapes. Other dtypes go to the kernel.
 */
const stridedSlice: Lowering = (p) => {
  const f = kernel('StridedSlice');
  const attrs: StridedSliceAttrs = {
    begin: p.value<number[]>('begin'),
    end: p.value<number[]>('end'),
    strides: p.value<number[]>('strides'),
    beginMask: p.attr<number>('beginMask'),
    endMask: p.attr<number>('endMask'),
    ellipsisMask: p.attr<number>('ellipsisMask'),
    newAxisMask: p.attr<number>('newAxisMask'),
    shrinkAxisMask: p.attr<number>('shrinkAxisMask'),
  };
  let plan: SlicePlan | undefined;
  return {
    inputs: [p.tensor('x')],
    run: ([x], backend) => {
      if (x!.dtype === 'float32' && !(plan && sameShape(plan.inputShape, x!.shape))) plan = slicePlan(x!.shape, attrs);
      if (x!.dtype !== 'float32' || !plan) return single(f({ inputs: { x: x! }, backend, attrs: attrs as unknown as tf.NamedAttrMap }), 'StridedSlice');
      if (plan.identity) return { ...alias(x!, backend), shape: plan.outShape.slice() };
      const wasm = backend as unknown as WasmBackend;
      const out = wasm.makeOutput(plan.outShape.slice(), 'float32');
      // Views taken after the output's allocation, which may grow (and so move) the wasm heap.
      const src = wasm.typedArrayFromHeap(x!);
      const dst = wasm.typedArrayFromHeap(out);
      const srcBits = new Int32Array(src.buffer, src.byteOffset, src.length);
      const dstBits = new Int32Array(dst.buffer, dst.byteOffset, dst.length);
      const from = plan.from;
      for (let k = 0; k < from.length; k++) dstBits[k] = srcBits[from[k]!]!;
      return out;
    },
  };
};

/** tfjs-core's max passes the axes as `reductionIndices`, its min as `axis`. */
const reduction = (kernelName: string, axisAttr: string): Lowering => withAttrs(kernelName, (p) => ({ [axisAttr]: p.value<number[]>('axis'), keepDims: p.attr<boolean>('keepDims') }));

/** Every op our graphs use (the full-range detector, the attention mesh, selfie, meet), by the graph's op name. */
export const LOWERINGS: Record<string, Lowering> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Multiply'),
  Minimum: binary('Minimum'),
  Maximum: binary('Maximum'),
  LessEqual: binary('LessEqual'),
  GreaterEqual: binary('GreaterEqual'),
  LogicalAnd: binary('LogicalAnd'),
  Atan2: binary('Atan2', 'x', 'y'),
  Prelu: (p) => {
    const f = kernel('Prelu');
    return { inputs: [p.tensor('x'), p.tensor('alpha')], run: ([x, alpha], backend) => single(f({ inputs: { x: x!, alpha: alpha! }, backend, attrs: NO_ATTRS }), 'Prelu') };
  },
  Relu: unary('Relu'),
  Relu6: unary('Relu6'),
  Sigmoid: unary('Sigmoid'),
  Neg: unary('Neg'),
  Floor: unary('Floor'),
  Cos: unary('Cos'),
  Sin: unary('Sin'),
  ZerosLike: unary('ZerosLike'),
  Identity: (p) => ({ inputs: [p.tensor('x')], run: ([x], backend) => alias(x!, backend) }),
  Cast: withAttrs('Cast', (p) => ({ dtype: p.attr<string>('dtype') })),
  Reshape: withAttrs('Reshape', (p) => ({ shape: p.value<number[]>('shape') })),
  ExpandDims: withAttrs('ExpandDims', (p) => ({ dim: p.value<number>('axis') }), 'x', 'input'),
  StridedSlice: stridedSlice,
  Pad: withAttrs('PadV2', (p) => ({ paddings: p.value<number[][]>('padding'), constantValue: p.attr<number>('constantValue') })),
  Transpose: transpose,
  GatherV2: gather,
  ConcatV2: many('Concat', (p) => p.tensors('tensors').slice(0, p.attr<number>('n')), (p) => ({ axis: p.value<number>('axis') })),
  AddN: many('AddN', (p) => p.tensors('tensors'), () => NO_ATTRS),
  Pack: pack,
  Max: reduction('Max', 'reductionIndices'),
  Min: reduction('Min', 'axis'),
  MatMul: binaryMatMul(),
  BatchMatMulV2: binaryMatMul(),
  Conv2D: conv('Conv2D', 'x'),
  DepthwiseConv2dNative: conv('DepthwiseConv2dNative', 'input'),
  _FusedConv2D: fusedConv('FusedConv2D', 'x'),
  FusedDepthwiseConv2dNative: fusedConv('FusedDepthwiseConv2D', 'x'),
  Conv2DBackpropInput: (p) => {
    const f = kernel('Conv2DBackpropInput');
    const attrs = {
      strides: pair(p.attr<number[]>('strides')),
      pad: padding(p),
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
      inputShape: p.value<number[]>('outputShape'),
    } as unknown as tf.NamedAttrMap;
    return { inputs: [p.tensor('x'), p.tensor('filter')], run: ([dy, w], backend) => single(f({ inputs: { dy: dy!, filter: w! }, backend, attrs }), 'Conv2DBackpropInput') };
  },
  MaxPool: pool('MaxPool'),
  AvgPool: avgPool,
  ResizeBilinear: withAttrs(
    'ResizeBilinear',
    (p) => {
      const size = p.value<number[]>('size');
      return { alignCorners: p.attr<boolean>('alignCorners'), halfPixelCenters: p.attr<boolean>('halfPixelCenters'), size: [size[0], size[1]] };
    },
    'images',
    'images',
  ),
  DepthToSpace: withAttrs('DepthToSpace', (p) => ({ blockSize: p.attr<number>('blockSize'), dataFormat: p.attr<string>('dataFormat').toUpperCase() })),
};

function binaryMatMul(): Lowering {
  return (p) => {
    const f = kernel('BatchMatMul');
    const attrs = { transposeA: p.attr<boolean>('transposeA'), transposeB: p.attr<boolean>('transposeB') };
    return { inputs: [p.tensor('a'), p.tensor('b')], run: ([a, b], backend) => single(f({ inputs: { a: a!, b: b! }, backend, attrs }), 'BatchMatMul') };
  };
}
