import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outboxMail } from '../../adapters/local/nodemailerMail';
import { SandboxPay } from '../../adapters/local/sandboxPay';
import { sandboxWxPhone } from '../../adapters/local/sandboxWxPhone';
import { sharpProbe } from '../../adapters/local/sharpProbe';
import { sortableIds } from '../../adapters/local/sortableIds';
import { FsFiles } from '../../adapters/local/fsFiles';
import { openSqlite, SqliteDb } from '../../adapters/local/sqliteDb';
import { createSandboxCodec } from '../../codes/sandboxCodec';
import { devKeyring } from '../../codes/keyring';
import type { BatchDoc, EnrollmentDoc, PhotoDoc, SchoolDoc, UserDoc } from '../../contracts/documents';
import type { Role } from '../../contracts/enums';
import type { PhotoReport } from '../../contracts/report';
import type { PushMessage } from '../../ports/notify';
import { testBatch } from '../../../tests/support/store';
import type { AppDeps, Caller } from '../deps';

const DAY = 24 * 3600_000;

/**
 * For tests of the review, payment and personal-centre use-cases: the real local adapters (SQLite, blob
 * folder, sandbox pay, .eml outbox) in a temporary folder, a clock the test moves, pushes recorded, and
 * builders that store schools, staff, enrolments and submitted photos directly. The photo engine is not
 * used: photos arrive with a report as the engine writes one.
 */
export interface WorkflowWorld {
  deps: AppDeps;
  db: SqliteDb;
  pay: SandboxPay;
  dir: string;
  clock: { now(): number; advance(ms: number): void };
  pushes: PushMessage[];
  school(code?: string): Promise<SchoolDoc>;
  batch(school: SchoolDoc, overrides?: Partial<BatchDoc>): Promise<BatchDoc>;
  staff(role: Role, school?: SchoolDoc): Promise<Caller>;
  student(batch: BatchDoc | null, school?: SchoolDoc): Promise<{ caller: Caller; enrollment: EnrollmentDoc }>;
  /** A checked photo of the enrolment, submitted for review unless `state` says otherwise. */
  photo(enrollment: EnrollmentDoc, overrides?: Partial<PhotoDoc>): Promise<PhotoDoc>;
  close(): Promise<void>;
}

export function passingReport(phash = '8f3c00ff12345678'): PhotoReport {
  return {
    verdict: 'pass',
    checks: [{ code: 'BLUR', status: 'pass', value: 120, limit: 60, message: '清晰' }],
    face: { count: 1, faceWidthPx: 300, rollDeg: 0, yawDeg: 1, pitchDeg: 2 },
    phash,
    timingMs: { total: 1000 },
  };
}

export async function openWorkflowWorld(): Promise<WorkflowWorld> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gradphoto-workflow-'));
  let now = Date.UTC(2026, 5, 1, 2, 0, 0);
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const db = SqliteDb.open(openSqlite(path.join(dir, 'db.sqlite')));
  const files = await FsFiles.open(path.join(dir, 'files'), Buffer.from('test-files'), clock);
  const pay = new SandboxPay('test-merchant-key', clock);
  const pushes: PushMessage[] = [];
  const ids = sortableIds(clock.now);
  const deps: AppDeps = {
    db,
    files,
    clock,
    ids,
    identity: { openid: (context) => (context as { OPENID?: string } | undefined)?.OPENID },
    imaging: {
      process: () => Promise.reject(new Error('the workflow tests do not run the engine')),
      remake: () => Promise.reject(new Error('the workflow tests do not run the engine')),
    },
    probe: sharpProbe,
    pay,
    notify: { send: async (message) => void pushes.push(message) },
    mail: outboxMail(path.join(dir, 'outbox'), 'GradPhoto <no-reply@gradphoto.test>'),
    wxPhone: sandboxWxPhone,
    codec: createSandboxCodec(devKeyring()),
  };
  let serial = 0;
  const world: WorkflowWorld = {
    deps,
    db,
    pay,
    dir,
    clock,
    pushes,
    async school(code = '10538') {
      const school: SchoolDoc = { id: ids.next(), code, name: `学校${code}`, createdAt: now };
      await db.collection('schools').insert(school);
      return school;
    },
    async batch(school, overrides = {}) {
      const batch = testBatch(ids.next(), `B${String(++serial).padStart(5, '2')}`, school.id, {
        startsAt: now - DAY,
        endsAt: now + 30 * DAY,
        createdAt: now,
        ...overrides,
      });
      await db.collection('batches').insert(batch);
      return batch;
    },
    async staff(role, school) {
      const openid = `${role}-${++serial}`;
      const user: UserDoc = { id: openid, openid, roles: [role], schoolId: school?.id, createdAt: now };
      await db.collection('users').insert(user);
      return { openid };
    },
    async student(batch, school) {
      const openid = `student-${++serial}`;
      const number = `2026430100${String(serial).padStart(3, '0')}`;
      const schoolDoc = school ?? (batch ? await db.collection('schools').get(batch.schoolId) : null);
      const enrollment: EnrollmentDoc = {
        id: ids.next(),
        openid,
        codeNumber: number,
        code: {
          number,
          nameMasked: '张*',
          idMasked: '430104********1234',
          schoolCode: schoolDoc?.code ?? '10538',
          schoolName: schoolDoc?.name ?? '中南林业科技大学',
          level: '本科',
          major: '计算机科学与技术',
          gradYear: 2026,
        },
        batchId: batch?.id,
        freeChecks: 10,
        checksUsed: 1,
        createdAt: now,
      };
      await db.collection('enrollments').insert(enrollment);
      return { caller: { openid }, enrollment };
    },
    async photo(enrollment, overrides = {}) {
      const batch = enrollment.batchId ? await db.collection('batches').get(enrollment.batchId) : null;
      const original = await files.put(Buffer.from('original'), { contentType: 'image/jpeg' });
      const standard = await files.put(Buffer.from('standard'), { contentType: 'image/jpeg' });
      const photo: PhotoDoc = {
        id: ids.next(),
        enrollmentId: enrollment.id,
        openid: enrollment.openid,
        state: 'pending_review',
        verdict: 'pass',
        report: passingReport(),
        originalFileId: original,
        standardFileId: standard,
        phash: '8f3c00ff12345678',
        schoolId: batch?.schoolId,
        batchId: batch?.id,
        flags: [],
        flagged: false,
        createdAt: now,
        updatedAt: now,
        submittedAt: now,
        ...overrides,
      };
      await db.collection('photos').insert(photo);
      return photo;
    },
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
