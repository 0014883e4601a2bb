import type { ActionOutput } from '../contracts';
import type { ProgressStatus } from '../contracts/school';
import type { Caller } from './deps';
import { batchMembers } from './batchMembers';
import type { SchoolDeps } from './schoolDeps';
import { requireRole, staffBatch } from './staffAccess';

/** Not yet submitted: these students still have to act (flows.md "see who has not finished"). */
const NOT_STARTED: readonly ProgressStatus[] = ['not_enrolled', 'awaiting_photo', 'checked', 'withdrawn'];
const OFF_ROSTER = { department: '名单外', className: '' };
const NO_DEPARTMENT = '未填院系';
const NO_CLASS = '未填班级';

type Counts = Record<string, number>;
const bump = (counts: Counts, status: string) => (counts[status] = (counts[status] ?? 0) + 1);

/**
 * `school.progress`: how many students of the batch are in each status, per department and class,
 * and the roster students who have not started (not enrolled, or no photo submitted yet).
 */
export async function batchProgress(deps: SchoolDeps, caller: Caller, batchId: string): Promise<ActionOutput<'school', 'progress'>> {
  const { db } = deps;
  const user = await requireRole(db, caller, ['school', 'ops']);
  const batch = await staffBatch(db, user, batchId);
  const roster = await db.collection('roster').find({ where: { batchId: batch.id }, orderBy: [['id', 'asc']] });
  const statusOf = new Map<string, ProgressStatus>();
  const counts: Counts = {};
  const groups = new Map<string, { department: string; className: string; total: number; counts: Counts }>();
  const count = (group: { department: string; className: string }, status: ProgressStatus) => {
    bump(counts, status);
    const key = `${group.department}\u0000${group.className}`;
    const entry = groups.get(key) ?? { ...group, total: 0, counts: {} };
    entry.total++;
    bump(entry.counts, status);
    groups.set(key, entry);
  };
  const groupOf = (entry: { department?: string | undefined; className?: string | undefined }) => ({
    department: entry.department ?? NO_DEPARTMENT,
    className: entry.className ?? NO_CLASS,
  });

  let total = 0;
  for await (const page of batchMembers(db, batch, roster)) {
    for (const member of page) {
      total++;
      if (member.roster) statusOf.set(member.roster.id, member.status);
      else count(OFF_ROSTER, member.status);
    }
  }
  const missing: ActionOutput<'school', 'progress'>['missing'] = [];
  for (const entry of roster) {
    const status = statusOf.get(entry.id) ?? 'not_enrolled';
    if (status === 'not_enrolled') total++;
    count(groupOf(entry), status);
    if (NOT_STARTED.includes(status)) {
      missing.push({
        id: entry.id,
        codeNumber: entry.codeNumber,
        studentNumber: entry.studentNumber,
        nameMasked: entry.nameMasked,
        idMasked: entry.idMasked,
        department: entry.department,
        className: entry.className,
        status,
      });
    }
  }
  // Departments and classes in pinyin order, students off the roster last.
  const offRoster = (group: { department: string }) => (group.department === OFF_ROSTER.department ? 1 : 0);
  const sortedGroups = [...groups.values()].sort(
    (a, b) => offRoster(a) - offRoster(b) || a.department.localeCompare(b.department, 'zh') || a.className.localeCompare(b.className, 'zh'),
  );
  return { counts, total, groups: sortedGroups, missing };
}
