import { CloudbaseDb, type DatabaseRef } from '../../adapters/cloudbase/cloudbaseDb';
import { CloudbaseFiles } from '../../adapters/cloudbase/cloudbaseFiles';
import { cloudbaseApp, cloudbaseTarget } from '../../adapters/cloudbase/sdk';
import { describeDbContract } from './dbContract';
import { describeFilesContract } from './filesContract';

/**
 * The shared port contracts against a real CloudBase environment: only when TCB_ENV_ID and API keys
 * (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY) are set — use a test environment on which
 * `npm run db:setup` has run. Otherwise skipped, saying why.
 */
const found = cloudbaseTarget(process.env);

if (found.ok) {
  describeDbContract(`CloudBase environment ${found.target.envId ?? '(current)'}`, async () => ({
    db: new CloudbaseDb((await cloudbaseApp()).database() as unknown as DatabaseRef),
    close: async () => undefined,
  }));
  describeFilesContract(`CloudBase storage ${found.target.envId ?? '(current)'}`, async () => ({
    files: new CloudbaseFiles(await cloudbaseApp()),
    close: async () => undefined,
  }));
} else {
  describe('the port contracts against a real CloudBase environment', () => {
    it.skip(`skipped: ${found.reason}`, () => undefined);
  });
  console.log(`[contract] CloudBase 真实环境契约测试已跳过：${found.reason}`);
}
