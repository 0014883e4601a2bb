import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { contextIdentity } from '../../adapters/local/contextIdentity';
import { FsFiles } from '../../adapters/local/fsFiles';
import { hmacIdNumberHasher } from '../../adapters/local/hmacIdNumberHasher';
import { InProcessJobs } from '../../adapters/local/inProcessJobs';
import { outboxMail } from '../../adapters/local/nodemailerMail';
import { outboxNotify } from '../../adapters/local/outboxNotify';
import { qrcodeBatchQr } from '../../adapters/local/qrcodeBatchQr';
import { SandboxPay } from '../../adapters/local/sandboxPay';
import { sandboxWxPhone } from '../../adapters/local/sandboxWxPhone';
import { sharpProbe } from '../../adapters/local/sharpProbe';
import { sortableIds } from '../../adapters/local/sortableIds';
import { openSqlite, SqliteDb } from '../../adapters/local/sqliteDb';
import { systemClock } from '../../adapters/local/systemClock';
import { signServiceToken } from '../../adapters/cloudbase/serviceToken';
import { imagingClient } from '../../adapters/imagingClient';
import type { SchoolDeps } from '../../app/schoolDeps';
import { resolveKeyring } from '../../codes/keyring';
import { createSandboxCodec } from '../../codes/sandboxCodec';
import type { Imaging } from '../../ports/imaging';
import type { Main } from '../main';
import { jobRunners, probeStorage, type AdapterSet } from './adapterSet';
import type { DeployEnv } from './deployEnv';

/**
 * The `local` adapter set inside a deployed bundle: SQLite and a folder under GRADPHOTO_DATA, sandbox
 * payment, outboxes for mail and pushes. The `imaging` port calls the sibling bundle's entry in this
 * process (`../imaging/index.js`), with a service token, as CloudBase would route the call.
 */
function siblingImaging(bundleDir: string, serviceKey: Buffer): Imaging {
  let main: Main | undefined;
  return imagingClient((action, input) => {
    main ??= (createRequire(path.join(bundleDir, 'index.js'))(path.join(bundleDir, '..', 'imaging', 'index.js')) as { main: Main }).main;
    return main({ action, input, service: signServiceToken(serviceKey, 'imaging', systemClock.now()) }, {});
  });
}

export async function openLocalSet(env: DeployEnv, processEnv: NodeJS.ProcessEnv, bundleDir: string): Promise<AdapterSet> {
  const dataDir = path.resolve(env.GRADPHOTO_DATA);
  mkdirSync(dataDir, { recursive: true });
  const serviceKey = env.GRADPHOTO_SERVICE_KEY ?? randomBytes(32);
  const files = await FsFiles.open(path.join(dataDir, 'files'), randomBytes(32), systemClock);
  const jobs = new InProcessJobs();
  const deps: SchoolDeps = {
    db: SqliteDb.open(openSqlite(path.join(dataDir, 'gradphoto.sqlite'))),
    files,
    clock: systemClock,
    ids: sortableIds(),
    identity: contextIdentity,
    imaging: siblingImaging(bundleDir, serviceKey),
    probe: sharpProbe,
    pay: new SandboxPay(randomBytes(16).toString('hex'), systemClock),
    notify: outboxNotify(path.join(dataDir, 'outbox')),
    mail: outboxMail(path.join(dataDir, 'outbox'), env.MAIL_FROM),
    wxPhone: sandboxWxPhone,
    codec: createSandboxCodec(resolveKeyring(processEnv)),
    batchQr: qrcodeBatchQr(),
    idNumbers: hmacIdNumberHasher(env.GRADPHOTO_ID_KEY ?? randomBytes(32)),
    jobs,
  };
  const runners = jobRunners();
  jobs.handle('export', (id) => runners.run({ kind: 'export', id }));
  return { name: 'local', deps, serviceKey, handleJobs: runners.handle, runJob: runners.run, health: () => probeStorage(deps) };
}
