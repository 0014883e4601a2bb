import type { ExportJobDoc } from '../contracts/schoolDocuments';
import { AppError } from '../contracts/errors';
import type { ExportJobView } from '../contracts/school';
import { DEFAULT_EXPORT_KEY, exportableStates } from '../domain/exportNames';
import { batchMembers } from './batchMembers';
import { URL_TTL_SECONDS, type Caller } from './deps';
import { exportJobView } from './exportJobView';
import { ownFile } from './ownership';
import { runExport } from './runExport';
import { DEFAULT_EXPORT_INLINE_LIMIT, type SchoolDeps } from './schoolDeps';
import { requireRole, staffBatch } from './staffAccess';

/** A running job not heard from for this long died with its process: a new export may start. */
const STALE_MS = 10 * 60 * 1000;

/**
 * `school.export`: the batch's ZIP (photos named by the batch's key, manifest.csv, manifest.xlsx,
 * print-sheet.pdf). A small batch is built during the call and its link returned; a large one runs as
 * a job the school follows with `school.exportStatus`. One export per batch runs at a time: asking
 * again while it runs returns the running job.
 */
export async function exportBatch(
  deps: SchoolDeps,
  caller: Caller,
  input: { batchId: string; rosterFileId?: string | undefined },
): Promise<{ fileId?: string; url?: string; job: ExportJobView }> {
  const { db, clock } = deps;
  const user = await requireRole(db, caller, ['school', 'ops']);
  const batch = await staffBatch(db, user, input.batchId);
  if (batch.exportKey === 'idNumber' && !input.rosterFileId) {
    throw new AppError('INVALID_INPUT', '本批次按身份证号命名照片：请同时上传名单文件（身份证号不在系统中保存）');
  }
  if (input.rosterFileId) await ownFile(db, caller, input.rosterFileId, ['import']);

  let total = 0;
  for await (const page of batchMembers(db, batch, [], { photoStates: exportableStates(batch.payer) })) total += page.filter((member) => member.photo).length;

  const now = clock.now();
  const job: ExportJobDoc = {
    id: deps.ids.next(),
    batchId: batch.id,
    schoolId: batch.schoolId,
    requestedBy: caller.openid,
    state: 'running',
    key: batch.exportKey ?? DEFAULT_EXPORT_KEY,
    rosterFileId: input.rosterFileId,
    total,
    done: 0,
    delivered: 0,
    createdAt: now,
    updatedAt: now,
  };
  const running = await db.transaction(async (tx) => {
    const [current] = await tx.collection('exportJobs').find({ where: { batchId: batch.id, state: 'running' }, limit: 1 });
    if (current && now - current.updatedAt < STALE_MS) return current;
    if (current) await tx.collection('exportJobs').update({ id: current.id, state: 'running' }, { set: { state: 'failed', error: '导出中断，请重新导出', updatedAt: now, finishedAt: now } });
    await tx.collection('exportJobs').insert(job);
    return null;
  });
  if (running) {
    // The running export has its own roster file; this one (full ID numbers) is not kept.
    if (input.rosterFileId) {
      await db.collection('files').remove({ id: input.rosterFileId });
      await deps.files.delete(input.rosterFileId);
    }
    return { job: await exportJobView(deps.files, running) };
  }

  if (total > (deps.exportInlineLimit ?? DEFAULT_EXPORT_INLINE_LIMIT)) {
    await deps.jobs.enqueue({ kind: 'export', id: job.id });
    return { job: await exportJobView(deps.files, job) };
  }
  await runExport(deps, job.id);
  const finished = await db.collection('exportJobs').get(job.id);
  if (!finished) throw new AppError('INTERNAL');
  if (finished.state === 'failed') throw new AppError('INTERNAL', finished.error ?? '导出失败，请稍后重试');
  const view = await exportJobView(deps.files, finished);
  return { fileId: finished.fileId, url: finished.fileId ? await deps.files.url(finished.fileId, URL_TTL_SECONDS) : undefined, job: view };
}
