import { CloudbaseDb } from '../../adapters/cloudbase/cloudbaseDb';
import { CloudbaseFiles } from '../../adapters/cloudbase/cloudbaseFiles';
import { fakeCloudbaseDatabase } from '../../adapters/cloudbase/testing/fakeCloudbase';
import { FakeStorage } from '../../adapters/cloudbase/testing/fakeStorage';
import { describeDbContract } from './dbContract';
import { describeFilesContract } from './filesContract';

/**
 * The shared port contracts against the CloudBase adapters, with the real SDK serialising every request
 * and an in-memory server answering it: always run, no network.
 */
describeDbContract('CloudBase adapter, SDK over the fake database server', async () => {
  const { database } = fakeCloudbaseDatabase();
  return { db: new CloudbaseDb(database), close: async () => undefined };
});

describeFilesContract('CloudBase adapter over fake storage', async () => ({ files: new CloudbaseFiles(new FakeStorage()), close: async () => undefined }));
