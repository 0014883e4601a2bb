import jsQR from 'jsqr';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Runs jsQR on a grayscale image, off the main thread: a hard upload can take jsQR a second or two, which
 * would otherwise stall every other request of the local cloud. One lazily started worker is shared and
 * only holds the process open while it has work. If no worker can run (e.g. a bundle where jsqr cannot
 * be resolved at run time) the scan runs in-process instead, so reading never depends on threads.
 */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

function toRgba(gray: GrayImage): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(gray.width * gray.height * 4);
  for (let i = 0, j = 0; i < gray.data.length; i++, j += 4) {
    const v = gray.data[i] ?? 0;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return rgba;
}

/**
 * The text of the QR code jsQR finds, or null (also when jsQR throws on an odd image: that view simply
 * found nothing). Inverted codes are a view of their own: jsqr 1.4.0's "onlyInvert" option crashes.
 */
export function scanInProcess(gray: GrayImage): string | null {
  try {
    const found = jsQR(toRgba(gray), gray.width, gray.height, { inversionAttempts: 'dontInvert' });
    return found && found.data.length > 0 ? found.data : null;
  } catch {
    return null;
  }
}

const workerSource = (jsqrPath: string) => `
const { parentPort } = require('node:worker_threads');
const jsQR = require(${JSON.stringify(jsqrPath)});
const decode = typeof jsQR === 'function' ? jsQR : jsQR.default;
parentPort.on('message', ({ id, data, width, height }) => {
  try {
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, j = 0; i < data.length; i++, j += 4) {
      rgba[j] = rgba[j + 1] = rgba[j + 2] = data[i];
      rgba[j + 3] = 255;
    }
    const found = decode(rgba, width, height, { inversionAttempts: 'dontInvert' });
    parentPort.postMessage({ id, text: found && found.data.length > 0 ? found.data : null });
  } catch {
    parentPort.postMessage({ id, text: null });
  }
});`;

type Reply = { id: number; text: string | null };
type Pending = { resolve: (text: string | null) => void; reject: (error: Error) => void };

class ScanWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(onDead: () => void) {
    this.worker = new Worker(workerSource(createRequire(__filename).resolve('jsqr')), { eval: true });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.settle(reply));
    const die = (error: Error) => {
      onDead();
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`QR worker exited with code ${code}`)));
  }

  scan(gray: GrayImage): Promise<string | null> {
    const id = this.nextId++;
    const data = new Uint8Array(gray.data); // a copy, transferred: the caller keeps using its buffer
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, data, width: gray.width, height: gray.height }, [data.buffer]);
    });
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    waiting.resolve(reply.text);
  }
}

let shared: ScanWorker | undefined;
let workersUnavailable = false;

export async function scanForQr(gray: GrayImage): Promise<string | null> {
  if (!workersUnavailable) {
    try {
      shared ??= new ScanWorker(() => (shared = undefined));
      return await shared.scan(gray);
    } catch {
      // The worker could not start or died: scan here from now on.
      workersUnavailable = true;
      shared = undefined;
    }
  }
  return scanInProcess(gray);
}
