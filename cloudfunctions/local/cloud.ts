import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { contextIdentity } from '../adapters/local/contextIdentity';
import { FsFiles } from '../adapters/local/fsFiles';
import { hmacIdNumberHasher } from '../adapters/local/hmacIdNumberHasher';
import { InProcessJobs } from '../adapters/local/inProcessJobs';
import { qrcodeBatchQr } from '../adapters/local/qrcodeBatchQr';
import { sandboxWxPhone } from '../adapters/local/sandboxWxPhone';
import { sharpProbe } from '../adapters/local/sharpProbe';
import { sortableIds } from '../adapters/local/sortableIds';
import { openSqlite, SqliteDb } from '../adapters/local/sqliteDb';
import { systemClock } from '../adapters/local/systemClock';
import type { SandboxPay } from '../adapters/local/sandboxPay';
import { WorkerEngine } from '../adapters/local/workerEngine';
import type { AppDeps } from '../app/deps';
import { runExport } from '../app/runExport';
import type { SchoolDeps } from '../app/schoolDeps';
import { resolveKeyring } from '../codes/keyring';
import { createSandboxCodec } from '../codes/sandboxCodec';
import { createImagingMain } from '../functions/imaging';
import type { Main } from '../functions/main';
import { createOpsMain } from '../functions/ops';
import { createSchoolMain } from '../functions/school';
import { createStudentMain } from '../functions/student';
import type { LocalConfig } from './config';
import { inProcessImaging } from './localImaging';
import { deriveKey, loadSecret } from './secret';
import { Sessions } from './sessions';
import { localWorkflowPorts, workflowMains } from './workflow';

/** The functions a client may call over `POST /api/<function>`; `imaging` is internal. */
export const CLIENT_FUNCTIONS = ['student', 'school', 'ops', 'review'] as const;
export type ClientFunction = (typeof CLIENT_FUNCTIONS)[number];

export interface LocalCloud {
  /** The ports every function is wired with (the school ones included: the demo seed opens its batch with them). */
  deps: SchoolDeps;
  db: SqliteDb;
  files: FsFiles;
  sessions: Sessions;
  engine: WorkerEngine;
  /** The sandbox WeChat Pay (dev/pay uses it to sign notifications). */
  pay: SandboxPay;
  /** Functions only the platform calls: payment notifications and timers. */
  internal: { payNotify: Main; timers: Main };
  /** Background jobs (large exports); `idle()` waits for them. */
  jobs: InProcessJobs;
  mains: Record<ClientFunction, Main>;
  close(): Promise<void>;
}

/** Opens the embedded storage under the data folder and wires the same function entries CloudBase runs. */
export async function openLocalCloud(config: LocalConfig): Promise<LocalCloud> {
  mkdirSync(config.dataDir, { recursive: true });
  const secret = await loadSecret(config.dataDir);
  const db = SqliteDb.open(openSqlite(path.join(config.dataDir, 'gradphoto.sqlite')));
  const files = await FsFiles.open(path.join(config.dataDir, 'files'), deriveKey(secret, 'file-urls'), systemClock);
  const engine = new WorkerEngine(config.imagingWorkers);
  const codec = createSandboxCodec(resolveKeyring(process.env));
  const imagingMain = createImagingMain({ files, engine, identity: contextIdentity });
  const workflow = localWorkflowPorts(config.dataDir, deriveKey(secret, 'sandbox-pay'), systemClock);
  const deps: AppDeps = {
    db,
    files,
    clock: systemClock,
    ids: sortableIds(),
    identity: contextIdentity,
    imaging: inProcessImaging(imagingMain),
    probe: sharpProbe,
    pay: workflow.pay,
    notify: workflow.notify,
    mail: workflow.mail,
    wxPhone: sandboxWxPhone,
    codec,
  };
  const jobs = new InProcessJobs();
  const schoolDeps: SchoolDeps = {
    ...deps,
    batchQr: qrcodeBatchQr({ linkBase: `http://${config.host}:${config.port}` }),
    idNumbers: hmacIdNumberHasher(deriveKey(secret, 'roster-id-numbers')),
    jobs,
  };
  jobs.handle('export', (id) => runExport(schoolDeps, id));
  const workflowFunctions = workflowMains(deps);
  return {
    deps: schoolDeps,
    jobs,
    db,
    files,
    sessions: new Sessions(deriveKey(secret, 'sessions')),
    engine,
    pay: workflow.pay,
    internal: { payNotify: workflowFunctions.payNotify, timers: workflowFunctions.timers },
    mains: { student: createStudentMain(deps), review: workflowFunctions.review, school: createSchoolMain(schoolDeps), ops: createOpsMain(deps) },
    async close() {
      await jobs.idle();
      await engine.close();
      db.close();
    },
  };
}
