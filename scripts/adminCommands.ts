import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sortableIds } from '../cloudfunctions/adapters/local/sortableIds';
import { openSqlite, SqliteDb } from '../cloudfunctions/adapters/local/sqliteDb';
import { systemClock } from '../cloudfunctions/adapters/local/systemClock';
import { createSchool } from '../cloudfunctions/app/createSchool';
import { grantRole } from '../cloudfunctions/app/grantRole';
import { isAppError } from '../cloudfunctions/contracts/errors';
import { opsActions } from '../cloudfunctions/contracts/ops';
import { invalidInput } from '../cloudfunctions/functions/main';

/**
 * `npm run admin -- …`: the platform operator's commands on the local cloud's database (GRADPHOTO_DATA,
 * default .data), through the same use-cases and input contracts as `ops.createSchool` and `ops.grant`.
 * Safe while the local cloud runs (SQLite WAL). Exit codes: 0 done, 1 refused, 2 bad arguments.
 */
const USAGE = `用法：
  npm run admin -- create-school --code <5位学校代码> --name <学校名称>
  npm run admin -- grant --openid <openid> --role reviewer|school|ops [--school <学校ID或学校代码>]
  npm run admin -- list-schools
数据目录取自环境变量 GRADPHOTO_DATA（默认 .data）。`;

/** Who the audit trail names for what the operator does from the command line. */
const ACTOR = 'admin-cli';

export interface AdminIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

function options(args: string[], names: readonly string[]): Record<string, string | undefined> {
  try {
    const { values } = parseArgs({ args, options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])), strict: true });
    return values as Record<string, string | undefined>;
  } catch (error) {
    throw new UsageError(`参数不正确：${error instanceof Error ? error.message : String(error)}`);
  }
}

function parse<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

async function run(db: SqliteDb, command: string | undefined, args: string[]): Promise<unknown> {
  const deps = { db, clock: systemClock, ids: sortableIds() };
  switch (command) {
    case 'create-school': {
      const { code, name } = options(args, ['code', 'name']);
      return createSchool(deps, ACTOR, parse(opsActions.createSchool.input, { code, name }));
    }
    case 'grant': {
      const { openid, role, school } = options(args, ['openid', 'role', 'school']);
      // The school by id, or by its 学校代码 (what an operator knows).
      const byCode = school ? (await db.collection('schools').find({ where: { code: school }, limit: 1 }))[0] : undefined;
      const schoolId = byCode?.id ?? school;
      return grantRole(deps, ACTOR, parse(opsActions.grant.input, { openid, role, schoolId }));
    }
    case 'list-schools':
      options(args, []);
      return { schools: (await db.collection('schools').find({ orderBy: [['code', 'asc']] })).map(({ id, code, name }) => ({ id, code, name })) };
    default:
      throw new UsageError(command ? `未知命令：${command}` : '请给出命令');
  }
}

export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  const [command, ...args] = argv;
  const dataDir = path.resolve(io.env.GRADPHOTO_DATA ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const db = SqliteDb.open(openSqlite(path.join(dataDir, 'gradphoto.sqlite')));
  try {
    io.stdout(`${JSON.stringify(await run(db, command, args), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (isAppError(error)) {
      io.stderr(`${error.code}：${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}
