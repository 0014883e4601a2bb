import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsFiles } from '../../adapters/local/fsFiles';
import { SandboxPay } from '../../adapters/local/sandboxPay';
import { openSqlite, SqliteDb } from '../../adapters/local/sqliteDb';
import { systemClock } from '../../adapters/local/systemClock';
import { describeDbContract } from './dbContract';
import { describeFilesContract } from './filesContract';
import { describePayContract } from './payContract';

/** The shared port contracts against the local adapters (SQLite file, folder of blobs): always run. */
function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradphoto-contract-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describeDbContract('local SQLite', async () => {
  const temp = tempDir();
  const db = SqliteDb.open(openSqlite(path.join(temp.dir, 'db.sqlite')));
  return {
    db,
    async close() {
      db.close();
      temp.remove();
    },
  };
});

describeFilesContract('local folder', async () => {
  const temp = tempDir();
  return { files: await FsFiles.open(temp.dir, Buffer.from('contract'), systemClock), close: async () => temp.remove() };
});

describePayContract('sandbox', () => {
  const pay = new SandboxPay('s'.repeat(32), systemClock);
  return { pay, paidNotification: (order) => pay.paidNotification(order) };
});
