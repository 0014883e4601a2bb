/**
 * Zero padding merged into the convolution after it. The converted full-range face detector pads every
 * feature map with a Pad node (a full copy of the map) before a VALID depthwise convolution; the convolution
 * takes the same padding as explicit padding without the copy (the wasm kernels read the padding as zeros).
 * The same products are summed in the same order, so the outputs are the same.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { NodeDef } from './fold';

const CONVOLUTIONS = new Set(['DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative', 'Conv2D', '_FusedConv2D']);

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** The int32 values of a Const node from the weight buffer (undefined when it is not a plain int32 weight). */
function int32Weight(artifacts: tf.io.ModelArtifacts, name: string): Int32Array | undefined {
  if (!(artifacts.weightData instanceof ArrayBuffer)) return undefined;
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const bytes = BYTES[stored];
    if (bytes === undefined) return undefined; // strings: offsets unknown past here
    if (spec.name === name) return spec.dtype === 'int32' && !spec.quantization ? new Int32Array(artifacts.weightData.slice(offset, offset + size * 4)) : undefined;
    offset += size * bytes;
  }
  return undefined;
}

const text = (s: string): string => Buffer.from(s).toString('base64');
const attrText = (attr: unknown): string | undefined => {
  const s = (attr as { s?: string } | undefined)?.s;
  return s === undefined ? undefined : Buffer.from(s, 'base64').toString();
};

/** The nodes with every spatial zero Pad whose only consumers are VALID convolutions merged into them. */
export function mergeZeroPadding(artifacts: tf.io.ModelArtifacts, nodes: NodeDef[]): NodeDef[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const consumers = new Map<string, NodeDef[]>();
  for (const n of nodes) {
    for (const i of n.input ?? []) {
      const name = i.replace(/^\^/, '');
      const list = consumers.get(name);
      if (list) list.push(n);
      else consumers.set(name, [n]);
    }
  }
  const merged = new Map<string, NodeDef>();
  for (const pad of nodes) {
    if (pad.op !== 'Pad' || pad.input?.length !== 2) continue;
    const [source, paddingsName] = pad.input as [string, string];
    const paddingsNode = byName.get(paddingsName);
    const p = paddingsNode?.op === 'Const' ? int32Weight(artifacts, paddingsName) : undefined;
    // [[0, 0], [top, bottom], [left, right], [0, 0]]: only the two spatial axes padded.
    if (!p || p.length !== 8 || p[0] !== 0 || p[1] !== 0 || p[6] !== 0 || p[7] !== 0) continue;
    const users = consumers.get(pad.name) ?? [];
    const convs = users.every(
      (c) => CONVOLUTIONS.has(c.op) && c.input?.[0] === pad.name && attrText(c.attr?.padding) === 'VALID' && (attrText(c.attr?.data_format) ?? 'NHWC') === 'NHWC',
    );
    if (users.length === 0 || !convs) continue;
    for (const c of users) {
      merged.set(c.name, {
        ...c,
        input: [source, ...(c.input ?? []).slice(1)],
        attr: { ...c.attr, padding: { s: text('EXPLICIT') }, explicit_paddings: { list: { i: Array.from(p, String) } } },
      });
    }
  }
  return nodes.map((n) => merged.get(n.name) ?? n);
}
