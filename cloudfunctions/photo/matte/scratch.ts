/**
 * Reused working buffers. Fresh multi-megabyte typed arrays cost more than the arithmetic done in them
 * (first-touch page faults: ~20 ms per 8 MB here), and a matte needs a few dozen of them; the refinement
 * is synchronous, so each named buffer can be handed out again on the next photo. A buffer's contents
 * are stale: callers overwrite it fully (or `fill`) before reading. Nothing returned to callers of the
 * matte module may be a scratch buffer.
 */
const f32s = new Map<string, Float32Array>();
const u8s = new Map<string, Uint8Array>();
const i32s = new Map<string, Int32Array>();

function get<T extends { length: number }>(map: Map<string, T>, name: string, length: number, make: (n: number) => T): T {
  const have = map.get(name);
  if (have && have.length === length) return have;
  const made = make(length);
  map.set(name, made);
  return made;
}

export const scratchF32 = (name: string, length: number): Float32Array => get(f32s, name, length, (n) => new Float32Array(n));
export const scratchU8 = (name: string, length: number): Uint8Array => get(u8s, name, length, (n) => new Uint8Array(n));
export const scratchI32 = (name: string, length: number): Int32Array => get(i32s, name, length, (n) => new Int32Array(n));
