import path from 'node:path';
import { openSqlite, SqliteDb } from '../../cloudfunctions/adapters/local/sqliteDb';
import type { BatchDoc, SchoolDoc } from '../../cloudfunctions/contracts/documents';

const DAY = 24 * 60 * 60 * 1000;

/** Opens the data folder's database directly (while the local cloud is NOT running), for setup and inspection. */
export function openStore(dataDir: string): SqliteDb {
  return SqliteDb.open(openSqlite(path.join(dataDir, 'gradphoto.sqlite')));
}

export function testSchool(id: string, code: string, name: string): SchoolDoc {
  return { id, code, name, createdAt: Date.now() };
}

/** A batch of `schoolId`, open now unless the window says otherwise. */
export function testBatch(id: string, code: string, schoolId: string, overrides: Partial<BatchDoc> = {}): BatchDoc {
  const now = Date.now();
  return {
    id,
    code,
    schoolId,
    name: `测试批次 ${code}`,
    kind: 'campus',
    startsAt: now - DAY,
    endsAt: now + 30 * DAY,
    payer: 'student',
    priceFen: 2500,
    freeChecks: 10,
    background: 'blue',
    size: '480x640',
    fileSizeKB: { min: 20, max: 40 },
    resubmitHours: 48,
    hasRoster: false,
    createdAt: now,
    ...overrides,
  } as BatchDoc;
}
