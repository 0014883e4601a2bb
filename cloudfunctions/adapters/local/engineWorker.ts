import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, tuneHeapForPhotos } from '../../photo';
import { stripMetadata } from '../stripMetadata';
import type { EngineTask, EngineTaskResult } from './engineProtocol';

/**
 * One engine in a worker thread: the models load once per worker, and the CPU-heavy work never runs on
 * the HTTP server's event loop.
 */
const port = parentPort;
if (!port) throw new Error('engineWorker runs as a worker thread');
// V8 flags are per process: this also sets the HTTP server's (harmless; it allocates little).
tuneHeapForPhotos();
const enginePromise = createEngine({ modelsDir: (workerData as { modelsDir?: string } | undefined)?.modelsDir });
// A failed load is reported with the first task; don't crash the worker before that.
enginePromise.catch(() => undefined);

async function run(task: EngineTask): Promise<EngineTaskResult> {
  const input = Buffer.from(task.input.buffer, task.input.byteOffset, task.input.byteLength);
  if (task.op === 'strip') return { id: task.id, ok: true, op: 'strip', ...(await stripMetadata(input)) };
  const engine = await enginePromise;
  if (task.op === 'warm') return { id: task.id, ok: true, op: 'warm' };
  const { report, output } = await engine.make(input, task.options);
  return { id: task.id, ok: true, op: 'make', report, jpeg: output?.jpeg };
}

port.on('message', (task: EngineTask) => {
  run(task).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ id: task.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
