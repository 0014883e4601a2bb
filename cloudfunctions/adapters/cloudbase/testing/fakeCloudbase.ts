import { Db } from '@cloudbase/database';
import tcb from '@cloudbase/node-sdk';
import type { DatabaseRef } from '../cloudbaseDb';
import { FakeDatabaseServer } from './fakeDatabaseServer';

/**
 * The real `@cloudbase/node-sdk` database client talking to a FakeDatabaseServer instead of the network:
 * its request class (`Db.reqClass`, which the SDK sets on every `app.database()`) is replaced by one that
 * hands the serialised request to the fake and, as the SDK's own requester does, throws when the reply
 * carries an error code. Each fake gets its own environment name, so several can live in one process.
 */
const servers = new Map<string, FakeDatabaseServer>();

class FakeRequester {
  private readonly server: FakeDatabaseServer;
  constructor(config: { envName?: string; env?: string }) {
    const server = servers.get(String(config.envName ?? config.env));
    if (!server) throw new Error('no fake database for this environment');
    this.server = server;
  }
  async send(action: string, params: Record<string, unknown>): Promise<unknown> {
    const reply = await this.server.send(action, params);
    if (reply.code) throw Object.assign(new Error(String(reply.message)), { code: reply.code });
    return reply;
  }
}

let counter = 0;

export function fakeCloudbaseDatabase(): { database: DatabaseRef; server: FakeDatabaseServer } {
  const env = `fake-env-${++counter}`;
  const server = new FakeDatabaseServer();
  servers.set(env, server);
  const app = tcb.init({ env, secretId: 'fake-id', secretKey: 'fake-key' });
  const database = app.database();
  (Db as unknown as { reqClass: unknown }).reqClass = FakeRequester;
  return { database: database as unknown as DatabaseRef, server };
}
