import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { createEngine } from '../../photo';
import type { EngineTask, EngineTaskResult } from './engineProtocol';

/**
 * One engine in a worker thread: the models load once per worker, and the CPU-heavy work never runs on
 * the HTTP server's event loop.
 */
const port = parentPort;
if (!port) throw new Error('engineWorker runs as a worker thread');
const enginePromise = createEngine({ modelsDir: (workerData as { modelsDir?: string } | undefined)?.modelsDir });
// A failed load is reported with the first task; don't crash the worker before that.
enginePromise.catch(() => undefined);

/** Re-encodes without metadata (sharp keeps none unless asked), orientation applied, same format. */
async function strip(input: Buffer): Promise<{ data: Buffer; contentType: string }> {
  const image = sharp(input).rotate();
  const { format } = await sharp(input).metadata();
  if (format === 'png') return { data: await image.png().toBuffer(), contentType: 'image/png' };
  if (format === 'webp') return { data: await image.webp({ quality: 95 }).toBuffer(), contentType: 'image/webp' };
  return { data: await image.jpeg({ quality: 95 }).toBuffer(), contentType: 'image/jpeg' };
}

async function run(task: EngineTask): Promise<EngineTaskResult> {
  const input = Buffer.from(task.input.buffer, task.input.byteOffset, task.input.byteLength);
  if (task.op === 'strip') return { id: task.id, ok: true, op: 'strip', ...(await strip(input)) };
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
