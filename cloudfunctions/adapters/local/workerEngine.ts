import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PhotoReport } from '../../contracts/report';
import type { MakeOptions, PhotoEngine } from '../../ports/imaging';
import type { EngineTask, EngineTaskResult } from './engineProtocol';

/**
 * Workers do not inherit tsx's loader, so when this file runs as TypeScript the worker registers tsx
 * before loading the (TypeScript) worker module; compiled, it loads the compiled one.
 */
const WORKER_FILE = path.join(__dirname, `engineWorker${path.extname(__filename)}`);
const WORKER_BOOTSTRAP = __filename.endsWith('.ts')
  ? `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_FILE)});`
  : `require(${JSON.stringify(WORKER_FILE)});`;

type Pending = { task: EngineTask; resolve: (result: EngineTaskResult) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; busy: Pending | null };

/** Distributive Omit, so each task variant keeps its own fields. */
type TaskWithoutId = EngineTask extends infer T ? (T extends EngineTask ? Omit<T, 'id'> : never) : never;

/**
 * The PhotoEngine port on a small pool of worker threads, one task per worker at a time, the rest queued
 * in order. Workers start on first use (or on `warm()`); a worker that dies fails its task and is replaced.
 */
export class WorkerEngine implements PhotoEngine {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly workerData: { modelsDir?: string } = {},
  ) {}

  async make(input: Buffer, options: MakeOptions): Promise<{ report: PhotoReport; jpeg?: Buffer }> {
    const result = await this.submit({ op: 'make', input, options });
    if (result.op !== 'make') throw new Error('engine worker answered the wrong task');
    return { report: result.report, jpeg: result.jpeg ? Buffer.from(result.jpeg) : undefined };
  }

  async strip(input: Buffer): Promise<{ data: Buffer; contentType: string }> {
    const result = await this.submit({ op: 'strip', input });
    if (result.op !== 'strip') throw new Error('engine worker answered the wrong task');
    return { data: Buffer.from(result.data), contentType: result.contentType };
  }

  /** Starts every worker and loads the models now, so the first check is fast. */
  async warm(): Promise<void> {
    await Promise.all(Array.from({ length: this.size }, () => this.submit({ op: 'warm', input: new Uint8Array(0) })));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('engine closed'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private submit(task: TaskWithoutId): Promise<EngineTaskResult & { ok: true }> {
    if (this.closed) return Promise.reject(new Error('engine closed'));
    return new Promise<EngineTaskResult>((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ } as EngineTask, resolve, reject });
      this.dispatch();
    }).then((result) => {
      if (!result.ok) throw new Error(result.message);
      return result;
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((candidate) => !candidate.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.worker.postMessage(pending.task);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: this.workerData });
    const slot: Slot = { worker, busy: null };
    worker.on('message', (result: EngineTaskResult) => {
      const pending = slot.busy;
      slot.busy = null;
      pending?.resolve(result);
      this.dispatch();
    });
    const fail = (error: Error) => {
      const pending = slot.busy;
      slot.busy = null;
      this.slots.splice(this.slots.indexOf(slot), 1);
      pending?.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`engine worker exited (${code})`));
    });
    this.slots.push(slot);
    return slot;
  }
}
