/**
 * The V8 heap policy for a process whose main work is the photo engine (the CLI, the imaging cloud
 * function, the local cloud's engine worker, the benchmark). Call it once, before the first photo.
 *
 * Why: a photo allocates about 25 MB of typed arrays and sharp Buffers that live for the call. V8 counts
 * the external bytes of those that get promoted towards the old generation's limit, and with its default
 * growing factor (about 1.7× the ~35 MB of live objects) a mark-compact started in every make. Each one
 * cost 10–45 ms of marking and, worse, threw away optimised code (dead maps and closures), so the next call
 * ran hot loops in baseline code, boxing doubles, which caused more scavenges, more promotion and the next
 * mark-compact: measured at 1 MP, about 240 TurboFan recompiles in 20 warm makes and 25–40 % more CPU per
 * make than with a larger factor. A factor of 3 (limit three times the live objects, about 105 MB) leaves
 * room for hundreds of photos between mark-compacts; peak RSS stays under the 500 MB target (bench: 430–450 MB).
 */
import * as v8 from 'node:v8';

/** Old-generation limit after a mark-compact, as a percentage added to the live size (V8's default is dynamic, ≈ 70). */
export const HEAP_GROWING_PERCENT = 200;

let tuned = false;

export function tuneHeapForPhotos(): void {
  if (tuned) return;
  // A process-wide V8 flag: V8 reads it whenever it sets a new limit, so setting it at run time takes effect
  // from the next collection on.
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  tuned = true;
}
