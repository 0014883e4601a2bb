import type { ExportJobDoc } from '../contracts/schoolDocuments';
import { EXPORT_JOB_STATE_LABELS } from '../contracts/schoolDocuments';
import type { ExportJobView } from '../contracts/school';
import type { Files } from '../ports/files';
import { URL_TTL_SECONDS } from './deps';

export async function exportJobView(files: Files, job: ExportJobDoc): Promise<ExportJobView> {
  return {
    id: job.id,
    batchId: job.batchId,
    state: job.state,
    stateLabel: EXPORT_JOB_STATE_LABELS[job.state],
    total: job.total,
    done: job.done,
    delivered: job.delivered,
    fileId: job.fileId,
    url: job.state === 'done' && job.fileId ? await files.url(job.fileId, URL_TTL_SECONDS) : undefined,
    bytes: job.bytes,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
