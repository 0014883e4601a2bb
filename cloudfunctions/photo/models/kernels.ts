/**
 * Kernels of the wasm backend replaced where tfjs 4.22's own are slow for our graphs; each gives the same
 * values, bit for bit.
 *
 * GatherV2: the wasm kernel walks every element through generic stride arithmetic — about 0.6 ms to gather
 * 256 rows of 32 floats, and the face mesh's spatial transformers do twelve of those per call (~8 ms). Here
 * whole rows are copied inside the wasm heap (it only copies), each by one copyWithin.
 *
 * Transform (tf.image.transform: both face detectors crop and scale their input with it): the wasm kernel
 * recomputes the projection and bounds for every channel; here once per pixel, with the C++ kernel's float32
 * operations repeated one by one (Math.fround after each; wasm has no fused multiply-add), so the same floats.
 *
 * Cast to the dtype a tensor already has: the wasm kernel copies it; here the result shares the input's data (one
 * more reference, as Reshape does and as tfjs's CPU backend casts). The face detectors' image-to-tensor step casts
 * the whole float32 image (up to 1400 px long side, 16 MB at 1333) before cropping it, once per detector per photo.
 *
 * Concat and DepthToSpace: copies, the backend's own made a typed-array view per copied run (Concat: one per
 * row and input — thousands for the detector's [2304, 1] + [2304, 16]) or walked generic strides
 * (DepthToSpace, ~1.7 ms for one of the detector's upsamplings); short runs are copied element by element here.
 */
import * as tf from '@tensorflow/tfjs-core';

type WasmTensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };
/** The wasm backend's own methods the kernels (and the detectors' image upload in face.ts) use. */
export type WasmBackend = {
  makeOutput(shape: number[], dtype: tf.DataType): WasmTensorInfo;
  typedArrayFromHeap(t: WasmTensorInfo): tf.TypedArray;
  incRef(dataId: object): void;
};
type CastArgs = { inputs: { x: WasmTensorInfo }; attrs: { dtype: tf.DataType }; backend: WasmBackend };
type TransformArgs = {
  inputs: { image: WasmTensorInfo; transforms: WasmTensorInfo };
  attrs: { interpolation: string; fillMode: string; fillValue: number; outputShape?: [number, number] | null };
  backend: WasmBackend;
};
type ConcatArgs = { inputs: WasmTensorInfo[]; attrs: { axis: number }; backend: WasmBackend };
type DepthToSpaceArgs = { inputs: { x: WasmTensorInfo }; attrs: { blockSize: number; dataFormat: string }; backend: WasmBackend };
type GatherArgs = {
  inputs: { x: WasmTensorInfo; indices: WasmTensorInfo };
  attrs: { axis: number; batchDims: number };
  backend: WasmBackend;
};

const COPYABLE = new Set<tf.DataType>(['float32', 'int32', 'bool']);

/** Elements of a tensor of `shape`. A loop, not a reduce with an arrow made per call (compiled again call after call). */
function size(shape: number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

function gatherRows({ inputs: { x, indices }, attrs, backend }: GatherArgs): WasmTensorInfo {
  const axis = attrs.axis < 0 ? attrs.axis + x.shape.length : attrs.axis;
  const axisDim = x.shape[axis]!;
  const outer = size(x.shape.slice(0, axis));
  const inner = size(x.shape.slice(axis + 1));
  const out = backend.makeOutput([...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], x.dtype);
  // Views taken after the output's allocation, which may grow (and so move) the wasm heap.
  const src = backend.typedArrayFromHeap(x);
  const idx = backend.typedArrayFromHeap(indices);
  const dst = backend.typedArrayFromHeap(out);
  const n = idx.length;
  for (let i = 0; i < n; i++) {
    const k = idx[i]!;
    if (!(k >= 0 && k < axisDim)) throw new Error(`GatherV2: the index value ${k} is not in [0, ${axisDim - 1}]`);
  }
  // Rows moved by copyWithin on one view of the whole heap (a memmove, bit for bit): a view per row cost twice as much.
  const heap = src.BYTES_PER_ELEMENT === 1 ? new Uint8Array(src.buffer) : new Int32Array(src.buffer);
  const srcAt = src.byteOffset / src.BYTES_PER_ELEMENT;
  const dstAt = dst.byteOffset / dst.BYTES_PER_ELEMENT;
  for (let o = 0; o < outer; o++) {
    const from = srcAt + o * axisDim * inner;
    const to = dstAt + o * n * inner;
    for (let i = 0; i < n; i++) {
      const start = from + idx[i]! * inner;
      heap.copyWithin(to + i * inner, start, start + inner);
    }
  }
  return out;
}

const f = Math.fround;
const floor = Math.floor;

/**
 * Where the pixels of one output row sample the source: x and y as the C++ kernel computes them in float32, and
 * `blank` where the projection is 0 (those pixels get the fill value). An affine matrix (no projective terms: the
 * projection is exactly 1, so the division changes nothing) reuses its per-column products a0·ox and b0·ox.
 */
type RowCoordinates = { xs: Float64Array; ys: Float64Array; blank: Uint8Array; columnX: Float64Array; columnY: Float64Array };

/** Transform.cc's matrix [a0 a1 a2 b0 b1 b2 c0 c1]: x = (a0·ox + a1·oy + a2) / (c0·ox + c1·oy + 1), y likewise with b. */
const isAffine = (m: number[]): boolean => m[6] === 0 && m[7] === 0;

function rowCoordinates(m: number[], oy: number, outW: number, c: RowCoordinates): void {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = m as [number, number, number, number, number, number, number, number];
  const { xs, ys, blank, columnX, columnY } = c;
  if (isAffine(m)) {
    const rowX = f(t1 * oy);
    const rowY = f(t4 * oy);
    for (let ox = 0; ox < outW; ox++) {
      xs[ox] = f(f(columnX[ox]! + rowX) + t2);
      ys[ox] = f(f(columnY[ox]! + rowY) + t5);
    }
    return;
  }
  for (let ox = 0; ox < outW; ox++) {
    const projection = f(f(f(t6 * ox) + f(t7 * oy)) + 1.0);
    blank[ox] = projection === 0 ? 1 : 0;
    xs[ox] = f(f(f(f(t0 * ox) + f(t1 * oy)) + t2) / projection);
    ys[ox] = f(f(f(f(t3 * ox) + f(t4 * oy)) + t5) / projection);
  }
}

/**
 * tfjs-backend-wasm's Transform.cc (bilinear; constant or nearest fill) with its float32 arithmetic op by op
 * (Math.fround after each; wasm has no fused multiply-add); a row's source coordinates first, then its samples.
 * A store into the Float32Array rounds as the C++ kernel's last float32 operation does.
 */
function transformBilinear({ inputs: { image, transforms }, attrs, backend }: TransformArgs): WasmTensorInfo {
  const [batch, height, width, channels] = image.shape as [number, number, number, number];
  const [outH, outW] = attrs.outputShape ?? [height, width];
  const out = backend.makeOutput([batch, outH, outW, channels], image.dtype);
  const src = backend.typedArrayFromHeap(image) as Float32Array;
  const t = backend.typedArrayFromHeap(transforms) as Float32Array;
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const fill = f(attrs.fillValue);
  const nearest = attrs.fillMode === 'nearest';
  const perBatch = transforms.shape[0]! > 1;
  const xMax = f(width - 1);
  const yMax = f(height - 1);
  const rowStride = width * channels;
  const coords: RowCoordinates = { xs: new Float64Array(outW), ys: new Float64Array(outW), blank: new Uint8Array(outW), columnX: new Float64Array(outW), columnY: new Float64Array(outW) };
  const { xs, ys, blank } = coords;
  for (let b = 0; b < batch; b++) {
    const o = perBatch ? b * 8 : 0;
    const m = Array.from(t.subarray(o, o + 8));
    const projective = !isAffine(m);
    for (let ox = 0; ox < outW; ox++) {
      coords.columnX[ox] = f(m[0]! * ox);
      coords.columnY[ox] = f(m[3]! * ox);
    }
    const base = b * height * rowStride;
    let d = b * outH * outW * channels;
    for (let oy = 0; oy < outH; oy++) {
      rowCoordinates(m, oy, outW, coords);
      for (let ox = 0; ox < outW; ox++, d += channels) {
        let x = xs[ox]!;
        let y = ys[ox]!;
        if (projective && blank[ox] === 1) {
          for (let c = 0; c < channels; c++) dst[d + c] = fill;
          continue;
        }
        if (nearest) {
          // clamp(0, x, len - 1) as std::max(0, std::min(x, len - 1)) computes it (NaN becomes 0).
          const xm = xMax < x ? xMax : x;
          const ym = yMax < y ? yMax : y;
          x = 0 < xm ? xm : 0;
          y = 0 < ym ? ym : 0;
        }
        const x0 = floor(x);
        const y0 = floor(y);
        const x1 = x0 + 1;
        const y1 = y0 + 1;
        const wx0 = f(x1 - x);
        const wx1 = f(x - x0);
        const wy0 = f(y1 - y);
        const wy1 = f(y - y0);
        const inX0 = x0 >= 0 && x0 < width;
        const inX1 = x1 >= 0 && x1 < width;
        const inY0 = y0 >= 0 && y0 < height;
        const inY1 = y1 >= 0 && y1 < height;
        const p00 = base + y0 * rowStride + x0 * channels;
        if (channels === 3 && inX0 && inX1 && inY0 && inY1) {
          // Inside the image (most pixels): the four neighbours read directly, the channels unrolled.
          const p01 = p00 + 3;
          const p10 = p00 + rowStride;
          const p11 = p10 + 3;
          dst[d] = f(wy0 * f(f(wx0 * src[p00]!) + f(wx1 * src[p01]!))) + f(wy1 * f(f(wx0 * src[p10]!) + f(wx1 * src[p11]!)));
          dst[d + 1] = f(wy0 * f(f(wx0 * src[p00 + 1]!) + f(wx1 * src[p01 + 1]!))) + f(wy1 * f(f(wx0 * src[p10 + 1]!) + f(wx1 * src[p11 + 1]!)));
          dst[d + 2] = f(wy0 * f(f(wx0 * src[p00 + 2]!) + f(wx1 * src[p01 + 2]!))) + f(wy1 * f(f(wx0 * src[p10 + 2]!) + f(wx1 * src[p11 + 2]!)));
          continue;
        }
        for (let c = 0; c < channels; c++) {
          const a = inY0 && inX0 ? src[p00 + c]! : fill;
          const bb = inY0 && inX1 ? src[p00 + channels + c]! : fill;
          const cc = inY1 && inX0 ? src[p00 + rowStride + c]! : fill;
          const dd = inY1 && inX1 ? src[p00 + rowStride + channels + c]! : fill;
          const top = f(f(wx0 * a) + f(wx1 * bb));
          const bottom = f(f(wx0 * cc) + f(wx1 * dd));
          dst[d + c] = f(wy0 * top) + f(wy1 * bottom);
        }
      }
    }
  }
  return out;
}

/** Copies `n` values from src[from] to dst[to]: by element for short runs, where a view per run costs more. */
function copyRun(src: tf.TypedArray, from: number, dst: tf.TypedArray, to: number, n: number): void {
  if (n < 32) {
    for (let k = 0; k < n; k++) dst[to + k] = src[from + k]!;
  } else {
    dst.set(src.subarray(from, from + n), to);
  }
}

/** Concat of numeric tensors along `axis` (all of them non-empty; tfjs's kernel handles the rest). */
function concatRuns({ inputs, attrs, backend }: ConcatArgs): WasmTensorInfo {
  const first = inputs[0]!;
  const axis = attrs.axis < 0 ? attrs.axis + first.shape.length : attrs.axis;
  tf.backend_util.assertParamsConsistent(
    inputs.map((t) => t.shape),
    axis,
  );
  const outShape = [...first.shape];
  outShape[axis] = inputs.reduce((s, t) => s + t.shape[axis]!, 0);
  const out = backend.makeOutput(outShape, first.dtype);
  const dst = backend.typedArrayFromHeap(out);
  const rows = size(first.shape.slice(0, axis));
  const runs = inputs.map((t) => size(t.shape.slice(axis)));
  const srcs = inputs.map((t) => backend.typedArrayFromHeap(t));
  const rowLength = runs.reduce((a, b) => a + b, 0);
  for (let r = 0; r < rows; r++) {
    let to = r * rowLength;
    for (let i = 0; i < srcs.length; i++) {
      const n = runs[i]!;
      copyRun(srcs[i]!, r * n, dst, to, n);
      to += n;
    }
  }
  return out;
}

/** DepthToSpace, NHWC float32: out[b, y·k + dy, x·k + dx, c] = in[b, y, x, (dy·k + dx)·depth + c]. */
function depthToSpaceNhwc({ inputs: { x }, attrs: { blockSize: k }, backend }: DepthToSpaceArgs): WasmTensorInfo {
  const [batch, height, width, depth] = x.shape as [number, number, number, number];
  const outDepth = depth / (k * k);
  const out = backend.makeOutput([batch, height * k, width * k, outDepth], 'float32');
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  let to = 0;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < height * k; y++) {
      const row = (b * height + ((y / k) | 0)) * width;
      const dy = y % k;
      for (let ox = 0; ox < width * k; ox++, to += outDepth) {
        copyRun(src, (row + ((ox / k) | 0)) * depth + (dy * k + (ox % k)) * outDepth, dst, to, outDepth);
      }
    }
  }
  return out;
}

/** A cast that changes nothing: the same data under one more reference. */
function castToSameDtype({ inputs: { x }, backend }: CastArgs): WasmTensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** The kernels as tfjs registered them, by name. */
const originals = new Map<string, tf.KernelConfig>();

/** Replaces a wasm kernel by `replacement` where `applies`, keeping the original for the other cases. */
function replaceKernel<A>(name: string, applies: (args: A) => boolean, replacement: (args: A) => WasmTensorInfo): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) throw new Error(`tfjs: the wasm backend has no ${name} kernel to replace`);
  originals.set(name, original);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => (applies(args as unknown as A) ? replacement(args as unknown as A) : original.kernelFunc(args)),
  });
}

/**
 * Whether concatRuns takes a Concat: two or more non-empty inputs of one copyable dtype. A loop in a function of
 * its own: an `every` over an arrow made per call was compiled again and again.
 */
function concatApplies({ inputs }: ConcatArgs): boolean {
  if (inputs.length <= 1) return false;
  const dtype = inputs[0]!.dtype;
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i]!;
    if (!(COPYABLE.has(t.dtype) && t.dtype === dtype && size(t.shape) > 0)) return false;
  }
  return true;
}

let installed = false;

/** Swaps the kernels in, once per process; the wasm backend must be registered (it is, by importing it). */
export function installFastKernels(): void {
  if (installed) return;
  replaceKernel<GatherArgs>(
    'GatherV2',
    (a) => a.attrs.batchDims === 0 && COPYABLE.has(a.inputs.x.dtype) && a.inputs.indices.dtype === 'int32',
    gatherRows,
  );
  replaceKernel<TransformArgs>(
    'Transform',
    (a) => a.attrs.interpolation === 'bilinear' && (a.attrs.fillMode === 'constant' || a.attrs.fillMode === 'nearest') && a.inputs.image.dtype === 'float32' && a.inputs.image.shape.length === 4,
    transformBilinear,
  );
  replaceKernel<ConcatArgs>(
    'Concat',
    concatApplies,
    concatRuns,
  );
  replaceKernel<CastArgs>('Cast', (a) => a.attrs.dtype === a.inputs.x.dtype, castToSameDtype);
  replaceKernel<DepthToSpaceArgs>(
    'DepthToSpace',
    (a) => a.attrs.dataFormat === 'NHWC' && a.inputs.x.dtype === 'float32' && a.inputs.x.shape.length === 4,
    depthToSpaceNhwc,
  );
  installed = true;
}

/** Runs `f` on tfjs's own kernels (for comparing with them), then puts the replacements back. */
export function withOriginalKernels<T>(f: () => T): T {
  const replaced = [...originals.keys()].map((name) => tf.getKernel(name, 'wasm')!);
  const swap = (configs: tf.KernelConfig[]): void => {
    for (const k of configs) {
      tf.unregisterKernel(k.kernelName, 'wasm');
      tf.registerKernel(k);
    }
  };
  swap([...originals.values()]);
  try {
    return f();
  } finally {
    swap(replaced);
  }
}
