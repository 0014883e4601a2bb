import type { SchoolDeps } from '../../app/schoolDeps';
import type { Jobs } from '../../ports/jobs';
import type { DeployEnv } from './deployEnv';

/** The deployed functions; each is one bundle folder. */
export const DEPLOYED_FUNCTIONS = ['student', 'review', 'school', 'ops', 'imaging', 'payNotify', 'timers'] as const;
export type DeployedFunction = (typeof DEPLOYED_FUNCTIONS)[number];

/**
 * Everything a deployed function is wired with, from one adapter set. The same shape for `local` and
 * `cloudbase`, so an entry never knows which one it runs on.
 */
export interface AdapterSet {
  name: DeployEnv['GRADPHOTO_ADAPTERS'];
  deps: SchoolDeps;
  /** Verifies calls from our own functions (imaging, jobs). */
  serviceKey: Buffer;
  /** Says how this function runs the jobs it enqueues (the school function's exports). */
  handleJobs(run: JobRunner): void;
  /** Runs a job this function enqueued on itself (CloudBase delivers it as a new invocation). */
  runJob(job: Job): Promise<void>;
  /** A round trip through the database and the storage: what a health check reports. */
  health(): Promise<Record<string, string>>;
}

export type Job = Parameters<Jobs['enqueue']>[0];
export type JobRunner = (job: Job) => Promise<void>;

/** The job runner a set holds; a job nobody said how to run is an error, not a silent no-op. */
export function jobRunners(): { handle(run: JobRunner): void; run(job: Job): Promise<void> } {
  let runner: JobRunner | undefined;
  return {
    handle: (run) => void (runner = run),
    run: (job) => (runner ? runner(job) : Promise.reject(new Error(`no runner for ${job.kind} jobs in this function`))),
  };
}

/** What both sets do for a health check: read the database, write, read back and delete a file. */
export async function probeStorage(deps: Pick<SchoolDeps, 'db' | 'files'>): Promise<Record<string, string>> {
  const started = Date.now();
  await deps.db.collection('users').count({ id: '__health__' });
  const dbMs = Date.now() - started;
  const fileId = await deps.files.put(Buffer.from('health'), { contentType: 'application/octet-stream' });
  const back = await deps.files.get(fileId);
  await deps.files.delete(fileId);
  if (back?.data.toString() !== 'health') throw new Error('storage round trip returned other bytes');
  return { db: `ok ${dbMs} ms`, files: `ok ${Date.now() - started - dbMs} ms` };
}
