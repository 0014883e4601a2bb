import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hmacIdNumberHasher } from '../../adapters/local/hmacIdNumberHasher';
import { InProcessJobs } from '../../adapters/local/inProcessJobs';
import { qrcodeBatchQr } from '../../adapters/local/qrcodeBatchQr';
import { createEngine } from '../../photo';
import { runExport } from '../runExport';
import type { SchoolDeps } from '../schoolDeps';
import { uploadSpreadsheet } from '../uploadSpreadsheet';
import type { Caller } from '../deps';
import { openWorkflowWorld, type WorkflowWorld } from './workflowWorld';

/** The shared fixture photos, beside the repository. */
export const FIXTURE_PHOTOS = path.resolve(__dirname, '../../../../shared/fixtures/photos');

/**
 * For tests of the school and ops use-cases: the workflow world (real SQLite, blob folder, sandbox
 * adapters in a temporary folder) plus the school ports: the qrcode batch QR, an HMAC ID hasher and
 * in-process jobs wired to the export runner.
 */
export interface SchoolWorld extends WorkflowWorld {
  schoolDeps: SchoolDeps;
  jobs: InProcessJobs;
  /** Stores a roster table as the caller uploaded it (kind `import`). */
  uploadTable(caller: Caller, data: Buffer): Promise<string>;
}

export const TEST_ID_KEY = Buffer.from('test-roster-id-number-key-32byte');

export async function openSchoolWorld(options: { exportInlineLimit?: number } = {}): Promise<SchoolWorld> {
  const world = await openWorkflowWorld();
  const jobs = new InProcessJobs();
  const schoolDeps: SchoolDeps = {
    ...world.deps,
    batchQr: qrcodeBatchQr({ linkBase: 'http://127.0.0.1:8080' }),
    idNumbers: hmacIdNumberHasher(TEST_ID_KEY),
    jobs,
    exportInlineLimit: options.exportInlineLimit,
  };
  jobs.handle('export', (id) => runExport(schoolDeps, id));
  return {
    ...world,
    schoolDeps,
    jobs,
    uploadTable: async (caller, data) => (await uploadSpreadsheet(schoolDeps, caller, data)).fileId,
    async close() {
      await jobs.idle();
      await world.close();
    },
  };
}

const made = new Map<string, Buffer>();

/**
 * Standard photos made by the real engine from the fixtures (blue, 480×640, 20–40 KB), once per test
 * file: an export embeds real JPEGs in its ZIP and print sheet.
 */
export async function standardPhotos(names: readonly string[] = ['ok-gray-bg.jpg', 'ok-red-bg-tight.jpg']): Promise<Buffer[]> {
  const missing = names.filter((name) => !made.has(name));
  if (missing.length) {
    const engine = await createEngine();
    for (const name of missing) {
      const { report, output } = await engine.make(readFileSync(path.join(FIXTURE_PHOTOS, name)), { background: 'blue', size: '480x640', fileSizeKB: { min: 20, max: 40 } });
      if (report.verdict !== 'pass' || !output) throw new Error(`fixture ${name} did not pass the engine: ${JSON.stringify(report.checks)}`);
      made.set(name, output.jpeg);
    }
  }
  return names.map((name) => made.get(name)!);
}
