/**
 * Kernels of the wasm backend replaced where tfjs 4.22's own are pathologically slow for our graphs.
 *
 * GatherV2: the wasm kernel walks every element through generic stride arithmetic — about 0.6 ms to gather
 * 256 rows of 32 floats, and the face mesh's spatial transformers do twelve of those per call (~8 ms). Here
 * whole rows are copied inside the wasm heap. Same values, bit for bit (it only copies).
 */
import * as tf from '@tensorflow/tfjs-core';

type WasmTensorInfo = { dataId: object; shape: number[]; dtype: tf.DataType };
type WasmBackend = {
  makeOutput(shape: number[], dtype: tf.DataType): WasmTensorInfo;
  typedArrayFromHeap(t: WasmTensorInfo): tf.TypedArray;
};
type GatherArgs = {
  inputs: { x: WasmTensorInfo; indices: WasmTensorInfo };
  attrs: { axis: number; batchDims: number };
  backend: WasmBackend;
};

const COPYABLE = new Set<tf.DataType>(['float32', 'int32', 'bool']);

function gatherRows({ inputs: { x, indices }, attrs, backend }: GatherArgs): WasmTensorInfo {
  const axis = attrs.axis < 0 ? attrs.axis + x.shape.length : attrs.axis;
  const axisDim = x.shape[axis]!;
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
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
  for (let o = 0; o < outer; o++) {
    const from = o * axisDim * inner;
    const to = o * n * inner;
    for (let i = 0; i < n; i++) {
      const start = from + idx[i]! * inner;
      dst.set(src.subarray(start, start + inner), to + i * inner);
    }
  }
  return out;
}

let installed = false;

/** Swaps the kernels in, once per process; the wasm backend must be registered (it is, by importing it). */
export function installFastKernels(): void {
  if (installed) return;
  const original = tf.getKernel('GatherV2', 'wasm');
  if (!original) throw new Error('tfjs: the wasm backend has no GatherV2 kernel to replace');
  tf.unregisterKernel('GatherV2', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const a = args as unknown as GatherArgs;
      const plain = a.attrs.batchDims === 0 && COPYABLE.has(a.inputs.x.dtype) && a.inputs.indices.dtype === 'int32';
      return plain ? gatherRows(a) : original.kernelFunc(args);
    },
  });
  installed = true;
}
