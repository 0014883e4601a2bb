import type { RosterDoc } from '../contracts/documents';
import type { RosterError } from '../contracts/school';
import type { Caller } from './deps';
import { consumeRosterFile } from './rosterFileRows';
import type { RosterRow } from './rosterRows';
import type { SchoolDeps } from './schoolDeps';
import { requireRole, staffBatch } from './staffAccess';

/** Rows written per transaction (CloudBase transactions are limited in size). */
const CHUNK = 200;

const OPTIONAL_FIELDS = ['codeNumber', 'studentNumber', 'department', 'major', 'className', 'level', 'gradDate'] as const;

function rosterDoc(id: string, batchId: string, row: RosterRow): RosterDoc {
  return {
    id,
    batchId,
    codeNumber: row.codeNumber,
    studentNumber: row.studentNumber,
    nameMasked: row.nameMasked,
    idMasked: row.idMasked,
    idHash: row.idHash,
    department: row.department,
    major: row.major,
    className: row.className,
    level: row.level,
    gradDate: row.gradDate,
  };
}

/**
 * `school.importRoster`: adds a CSV or Excel roster to a batch. Valid rows are stored (a student
 * already on the roster, recognised by the keyed hash of their ID number, is updated); every invalid
 * row is reported with its row number and the reasons. From then on `student.enroll` checks the last
 * 4 digits against the roster.
 */
export async function importRoster(
  deps: SchoolDeps,
  caller: Caller,
  input: { batchId: string; fileId: string },
): Promise<{ imported: number; updated: number; errors: RosterError[] }> {
  const { db } = deps;
  const user = await requireRole(db, caller, ['school', 'ops']);
  const batch = await staffBatch(db, user, input.batchId);
  const { rows, errors } = await consumeRosterFile(deps, caller, input.fileId);

  const existing = await db.collection('roster').find({ where: { batchId: batch.id } });
  const byHash = new Map(existing.map((entry) => [entry.idHash, entry]));
  const owner = {
    codeNumber: new Map(existing.flatMap((entry) => (entry.codeNumber ? [[entry.codeNumber, entry.idHash] as const] : []))),
    studentNumber: new Map(existing.flatMap((entry) => (entry.studentNumber ? [[entry.studentNumber, entry.idHash] as const] : []))),
  };
  const accepted: RosterRow[] = [];
  for (const row of rows) {
    const clashes = [
      row.codeNumber && (owner.codeNumber.get(row.codeNumber) ?? row.idHash) !== row.idHash ? '采集码号与名单中已有的另一名学生重复' : null,
      row.studentNumber && (owner.studentNumber.get(row.studentNumber) ?? row.idHash) !== row.idHash ? '学号与名单中已有的另一名学生重复' : null,
    ].filter((message): message is string => message !== null);
    if (clashes.length) errors.push({ row: row.row, message: clashes.join('；') });
    else accepted.push(row);
  }

  let updated = 0;
  for (let start = 0; start < accepted.length; start += CHUNK) {
    const chunk = accepted.slice(start, start + CHUNK);
    updated += await db.transaction(async (tx) => {
      let changed = 0;
      for (const row of chunk) {
        const current = byHash.get(row.idHash);
        const doc = rosterDoc(current?.id ?? deps.ids.next(), batch.id, row);
        if (!current) {
          await tx.collection('roster').insert(doc);
          continue;
        }
        const { id: _id, ...set } = doc;
        await tx.collection('roster').update({ id: current.id }, { set, unset: OPTIONAL_FIELDS.filter((field) => doc[field] === undefined) });
        changed++;
      }
      return changed;
    });
  }
  if (accepted.length > 0) {
    await db.transaction(async (tx) => {
      await tx.collection('batches').update({ id: batch.id }, { set: { hasRoster: true } });
      await tx.collection('audit').insert({
        id: deps.ids.next(),
        at: deps.clock.now(),
        actor: caller.openid,
        entity: 'batch',
        entityId: batch.id,
        event: 'import-roster',
        note: `导入${accepted.length}人（更新${updated}人），${errors.length}行有误`,
      });
    });
  }
  errors.sort((a, b) => a.row - b.row);
  return { imported: accepted.length, updated, errors };
}
