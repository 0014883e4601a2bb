import type { SchoolDoc } from '../contracts/documents';
import { AppError } from '../contracts/errors';
import type { AppDeps } from './deps';

/**
 * `ops.createSchool` (and `npm run admin -- create-school`): a school by its 5-digit 学校代码, the
 * code 采集码 carry; one school per code. `actor` is who does it, for the audit trail.
 */
export async function createSchool(deps: Pick<AppDeps, 'db' | 'clock' | 'ids'>, actor: string, input: { code: string; name: string }): Promise<{ school: { id: string; code: string; name: string } }> {
  const school: SchoolDoc = { id: deps.ids.next(), code: input.code, name: input.name, createdAt: deps.clock.now() };
  await deps.db.transaction(async (tx) => {
    if ((await tx.collection('schools').count({ code: input.code })) > 0) throw new AppError('CONFLICT', `学校代码 ${input.code} 已存在`);
    await tx.collection('schools').insert(school);
    await tx.collection('audit').insert({ id: deps.ids.next(), at: school.createdAt, actor, entity: 'school', entityId: school.id, event: 'create', note: `${school.code} ${school.name}` });
  });
  return { school: { id: school.id, code: school.code, name: school.name } };
}
