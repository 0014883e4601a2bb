import { removeDataDir, startLocalCloud, tempDataDir, type RunningCloud } from './localCloud';

/**
 * A fresh local cloud (own data folder, demo seed on its first start) for the tests of one file: started
 * before them, stopped and deleted after. Read `cloud` inside the tests.
 */
export function freshLocalCloud(env: Record<string, string> = {}): { readonly cloud: RunningCloud } {
  let running: RunningCloud | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = tempDataDir();
    running = await startLocalCloud(dataDir, env);
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
    if (dataDir) removeDataDir(dataDir);
  }, 30_000);
  return {
    get cloud() {
      if (!running) throw new Error('the local cloud is not running (only inside tests)');
      return running;
    },
  };
}
