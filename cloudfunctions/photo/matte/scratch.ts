/**
 * Reused working buffers. Fresh multi-megabyte typed arrays cost more than the arithmetic done in them
 * (first-touch page faults: ~20 ms per 8 MB here), and a matte needs a few dozen of them; the refinement
 * is synchronous, so each named buffer can be handed out again on the next photo (a smaller request
 * gets a view on the front of the buffer). A buffer's contents are stale: callers overwrite it fully
 * (or `fill`) before reading. Nothing returned to callers of the matte module may be a scratch buffer.
 */
type Typed = Float32Array | Uint8Array | Int32Array;

function pool<T extends Typed>(make: (n: number) => T): (name: string, length: number) => T {
  const buffers = new Map<string, T>();
  return (name, length) => {
    const have = buffers.get(name);
    if (have && have.length >= length) return (have.length === length ? have : have.subarray(0, length)) as T;
    const made = make(length);
    buffers.set(name, made);
    return made;
  };
}

export const scratchF32 = pool((n) => new Float32Array(n));
export const scratchU8 = pool((n) => new Uint8Array(n));
export const scratchI32 = pool((n) => new Int32Array(n));
