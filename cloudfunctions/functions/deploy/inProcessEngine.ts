import { createEngine, tuneHeapForPhotos } from '../../photo';
import { stripMetadata } from '../../adapters/stripMetadata';
import type { PhotoEngine } from '../../ports/imaging';

/**
 * The PhotoEngine port in this process, for the `imaging` function: one invocation at a time per
 * instance (CloudBase scales by instances), so no worker threads. The models load on the first photo
 * (or on `warm()`), once per instance; a failed load is retried by the next call. Only the imaging
 * entry imports this file, so only its bundle carries tfjs.
 */
export function inProcessEngine(modelsDir: string | undefined): PhotoEngine & { warm(): Promise<void> } {
  let engine: ReturnType<typeof createEngine> | undefined;
  const loaded = () => {
    tuneHeapForPhotos();
    engine ??= createEngine({ modelsDir });
    engine.catch(() => (engine = undefined));
    return engine;
  };
  return {
    async warm() {
      await loaded();
    },
    async make(input, options) {
      const { report, output } = await (await loaded()).make(input, options);
      return { report, jpeg: output?.jpeg };
    },
    strip: stripMetadata,
  };
}
