import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import archiver, { type Archiver } from 'archiver';
import type { BatchDoc } from '../contracts/documents';
import { AppError, isAppError } from '../contracts/errors';
import type { ExportJobDoc } from '../contracts/schoolDocuments';
import { exportableStates, safeFileStem, uniqueFileName } from '../domain/exportNames';
import type { Db } from '../ports/db';
import { batchMembers, type BatchMember } from './batchMembers';
import { manifestCsv, writeManifestXlsx, type ManifestRow } from './exportManifest';
import { findPrintFont } from './printFont';
import { PrintSheet, type Caption } from './printSheet';
import { consumeRosterFile } from './rosterFileRows';
import type { SchoolDeps } from './schoolDeps';
import { transitionPhoto } from './transitionPhoto';

/** Progress is written to the job every this many photos. */
const PROGRESS_EVERY = 50;
/** Photos moved to delivered per transaction. */
const DELIVER_CHUNK = 100;

/** What the print sheet and the deliveries need of an exported photo (not the photo's whole report). */
interface Exported {
  photoId: string;
  standardFileId: string;
  caption: Caption;
}

/** Appends one entry and waits until the ZIP has taken it in, so entries never pile up in memory. */
async function appendEntry(archive: Archiver, source: Buffer | NodeJS.ReadableStream, name: string, stored: Promise<unknown>, store: boolean): Promise<void> {
  const taken = once(archive, 'entry');
  archive.append(source as Buffer, { name, store });
  await Promise.race([taken, stored.then(() => new Promise(() => undefined))]);
}

/** The batch's chosen key for one student; the 采集码号 when the roster lacks the key. */
function keyOf(job: ExportJobDoc, member: BatchMember, idNumbers: Map<string, string> | null): string {
  const roster = member.roster;
  if (job.key === 'studentNumber' && roster?.studentNumber) return roster.studentNumber;
  if (job.key === 'idNumber' && roster && idNumbers?.has(roster.idHash)) return idNumbers.get(roster.idHash)!;
  return member.enrollment.codeNumber;
}

async function idNumbersOf(deps: SchoolDeps, job: ExportJobDoc): Promise<Map<string, string> | null> {
  if (job.key !== 'idNumber' || !job.rosterFileId) return null;
  const { rows } = await consumeRosterFile(deps, { openid: job.requestedBy }, job.rosterFileId);
  return new Map(rows.map((row) => [row.idHash, row.idNumber]));
}

/** Writes the ZIP as it is read: photos, manifest.csv, manifest.xlsx, print-sheet.pdf. */
async function writeZip(deps: SchoolDeps, job: ExportJobDoc, batch: BatchDoc, schoolName: string): Promise<{ fileId: string; bytes: number; exported: Exported[] }> {
  // JPEGs and the PDF (all JPEG inside) do not deflate: stored as they are; the manifests deflate.
  const archive = archiver('zip', { zlib: { level: 6 } });
  const stored = deps.files.putStream(archive, { contentType: 'application/zip' });
  try {
    return await fillZip(deps, job, batch, schoolName, archive, stored);
  } catch (error) {
    // Fails the stream, so storage drops the partial file instead of keeping half a ZIP.
    archive.destroy(error instanceof Error ? error : new Error(String(error)));
    await stored.catch(() => undefined);
    throw error;
  }
}

async function fillZip(
  deps: SchoolDeps,
  job: ExportJobDoc,
  batch: BatchDoc,
  schoolName: string,
  archive: Archiver,
  stored: Promise<{ fileId: string; bytes: number }>,
): Promise<{ fileId: string; bytes: number; exported: Exported[] }> {
  const { db, files } = deps;
  const roster = await db.collection('roster').find({ where: { batchId: batch.id } });
  const idNumbers = await idNumbersOf(deps, job);
  const states = exportableStates(batch.payer);
  const used = new Set<string>();
  const rows: ManifestRow[] = [];
  const exported: Exported[] = [];
  for await (const page of batchMembers(db, batch, roster, { photoStates: states })) {
    for (const member of page) {
      const { photo, enrollment, roster: entry } = member;
      if (!photo?.standardFileId || !states.includes(photo.state)) continue;
      const file = await files.get(photo.standardFileId);
      if (!file) throw new AppError('INTERNAL', `标准照文件缺失（采集码 ${enrollment.codeNumber}），请联系平台`);
      const name = uniqueFileName(safeFileStem(keyOf(job, member, idNumbers)), 'jpg', used);
      await appendEntry(archive, file.data, `photos/${name}`, stored, true);
      const code = enrollment.code;
      rows.push({
        file: `photos/${name}`,
        codeNumber: enrollment.codeNumber,
        studentNumber: entry?.studentNumber,
        nameMasked: entry?.nameMasked ?? code.nameMasked,
        idMasked: entry?.idMasked ?? code.idMasked,
        schoolName: code.schoolName,
        level: entry?.level ?? code.level,
        major: entry?.major ?? code.major,
        gradYear: code.gradYear,
        department: entry?.department,
        className: entry?.className,
        reviewedAt: photo.reviewedAt,
      });
      const number = job.key === 'idNumber' ? (entry?.idMasked ?? code.idMasked) : name.replace(/\.jpg$/, '');
      const detail = [entry?.nameMasked ?? code.nameMasked, entry?.className].filter(Boolean).join(' ');
      exported.push({ photoId: photo.id, standardFileId: photo.standardFileId, caption: { number, detail } });
      if (exported.length % PROGRESS_EVERY === 0) {
        await db.collection('exportJobs').update({ id: job.id }, { set: { done: exported.length, updatedAt: deps.clock.now() } });
      }
    }
  }
  await appendEntry(archive, Buffer.from(manifestCsv(rows), 'utf8'), 'manifest.csv', stored, false);
  const xlsx = new PassThrough();
  const xlsxTaken = appendEntry(archive, xlsx, 'manifest.xlsx', stored, true);
  await writeManifestXlsx(rows, batch.name, xlsx);
  await xlsxTaken;
  const sheet = new PrintSheet(`${schoolName} ${batch.name}`, findPrintFont());
  archive.append(sheet.stream as unknown as Buffer, { name: 'print-sheet.pdf', store: true });
  for (const item of exported) {
    const file = await files.get(item.standardFileId);
    if (!file) throw new AppError('INTERNAL', '标准照文件缺失，请联系平台');
    await sheet.add(file.data, item.caption);
  }
  sheet.end();
  await archive.finalize();
  const { fileId, bytes } = await stored;
  return { fileId, bytes, exported };
}

/** Exported photos move on per the state machine: approved (school pays) → processing → delivered. */
async function deliver(deps: SchoolDeps, db: Db, job: ExportJobDoc, exported: readonly Exported[]): Promise<number> {
  let delivered = 0;
  const note = `学校导出 ${job.id}`;
  for (let start = 0; start < exported.length; start += DELIVER_CHUNK) {
    delivered += await db.transaction(async (tx) => {
      let moved = 0;
      for (const { photoId } of exported.slice(start, start + DELIVER_CHUNK)) {
        let current = await tx.collection('photos').get(photoId);
        if (current?.state === 'approved') current = await transitionPhoto(tx, deps, { photo: current, event: 'process', actor: job.requestedBy, note: '学校统一付费' });
        if (current?.state !== 'processing') continue;
        await transitionPhoto(tx, deps, { photo: current, event: 'deliver', actor: job.requestedBy, note });
        moved++;
      }
      return moved;
    });
  }
  return delivered;
}

/**
 * The export job's work: builds the ZIP, records it, delivers the exported photos and marks the job
 * done; on any failure the job says why and no photo has changed state (delivery happens only once
 * the ZIP is stored).
 */
export async function runExport(deps: SchoolDeps, jobId: string): Promise<void> {
  const { db, clock } = deps;
  const job = await db.collection('exportJobs').get(jobId);
  if (!job || job.state !== 'running') return;
  const claimed = await db.collection('exportJobs').update({ id: job.id, state: 'running', startedAt: { $exists: false } }, { set: { startedAt: clock.now() } });
  if (claimed !== 1) return;
  try {
    const batch = await db.collection('batches').get(job.batchId);
    const school = batch ? await db.collection('schools').get(batch.schoolId) : null;
    if (!batch || !school) throw new AppError('NOT_FOUND', '找不到该采集批次');
    const { fileId, bytes, exported } = await writeZip(deps, job, batch, school.name);
    await db.collection('files').insert({ id: fileId, owner: job.requestedBy, kind: 'export', contentType: 'application/zip', bytes, createdAt: clock.now() });
    const delivered = await deliver(deps, db, job, exported);
    const now = clock.now();
    await db.collection('exportJobs').update({ id: job.id }, { set: { state: 'done', done: exported.length, total: exported.length, delivered, fileId, bytes, updatedAt: now, finishedAt: now } });
  } catch (error) {
    if (!isAppError(error)) console.error(`[export ${job.id}]`, error);
    const message = isAppError(error) ? error.message : '导出失败，请稍后重试';
    const now = clock.now();
    await db.collection('exportJobs').update({ id: job.id }, { set: { state: 'failed', error: message, updatedAt: now, finishedAt: now } });
  } finally {
    if (job.rosterFileId) {
      await db.collection('files').remove({ id: job.rosterFileId });
      await deps.files.delete(job.rosterFileId);
    }
  }
}
