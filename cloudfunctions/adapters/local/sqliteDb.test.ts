import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SchoolDoc, EnrollmentDoc } from '../../contracts/documents';
import { AppError } from '../../contracts/errors';
import { openSqlite, SqliteDb } from './sqliteDb';

let dir: string;
let db: SqliteDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradphoto-db-'));
  db = SqliteDb.open(openSqlite(path.join(dir, 'db.sqlite')));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const school = (id: string, code: string, createdAt = 1): SchoolDoc => ({ id, code, name: `学校${id}`, createdAt });
const enrollment = (id: string, checksUsed: number): EnrollmentDoc => ({
  id,
  openid: 'o1',
  codeNumber: `20260000${id}`,
  code: {
    number: `20260000${id}`,
    nameMasked: '张*',
    idMasked: '430104********1234',
    schoolCode: '10538',
    schoolName: '中南林业科技大学',
    level: '本科',
    major: '计算机科学与技术',
    gradYear: 2026,
  },
  freeChecks: 10,
  checksUsed,
  createdAt: 1,
});

describe('the SQLite document database', () => {
  it('stores and reads documents back, parsed by their schema', async () => {
    await db.collection('schools').insert(school('s1', '10538'));
    expect(await db.collection('schools').get('s1')).toEqual(school('s1', '10538'));
    expect(await db.collection('schools').get('nope')).toBeNull();
  });

  it('refuses a second document with the same id as a CONFLICT', async () => {
    await db.collection('schools').insert(school('s1', '10538'));
    await expect(db.collection('schools').insert(school('s1', '99999'))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a document that does not match its schema', async () => {
    await expect(db.collection('schools').insert({ id: 's1' } as SchoolDoc)).rejects.toThrow();
  });

  it('finds with conditions, order, limit and skip', async () => {
    const schools = db.collection('schools');
    for (const [id, code, at] of [['a', '1', 3], ['b', '2', 1], ['c', '3', 2]] as const) await schools.insert(school(id, code, at));
    expect((await schools.find({ orderBy: [['createdAt', 'asc']] })).map((s) => s.id)).toEqual(['b', 'c', 'a']);
    expect((await schools.find({ where: { createdAt: { $gte: 2 } }, orderBy: [['createdAt', 'desc']] })).map((s) => s.id)).toEqual(['a', 'c']);
    expect((await schools.find({ where: { code: { $in: ['1', '3'] } } })).map((s) => s.id)).toEqual(['a', 'c']);
    expect((await schools.find({ where: { code: { $ne: '1' } } })).map((s) => s.id)).toEqual(['b', 'c']);
    expect((await schools.find({ orderBy: [['id', 'asc']], limit: 1, skip: 1 })).map((s) => s.id)).toEqual(['b']);
    expect(await schools.count({ createdAt: { $lt: 3 } })).toBe(2);
  });

  it('refuses an undefined condition instead of matching everything', async () => {
    await expect(db.collection('schools').find({ where: { code: undefined } })).rejects.toThrow(/undefined/);
  });

  it('updates conditionally and says how many documents changed', async () => {
    const enrollments = db.collection('enrollments');
    await enrollments.insert(enrollment('e1', 9));
    expect(await enrollments.update({ id: 'e1', checksUsed: { $lt: 10 } }, { inc: { checksUsed: 1 } })).toBe(1);
    expect(await enrollments.update({ id: 'e1', checksUsed: { $lt: 10 } }, { inc: { checksUsed: 1 } })).toBe(0);
    expect((await enrollments.get('e1'))?.checksUsed).toBe(10);
  });

  it('sets and removes fields', async () => {
    const enrollments = db.collection('enrollments');
    await enrollments.insert(enrollment('e1', 0));
    await enrollments.update({ id: 'e1' }, { set: { batchId: 'b1' } });
    expect((await enrollments.get('e1'))?.batchId).toBe('b1');
    await enrollments.update({ id: 'e1' }, { unset: ['batchId'] });
    expect((await enrollments.get('e1'))?.batchId).toBeUndefined();
    expect(await enrollments.count({ batchId: { $exists: false } })).toBe(1);
  });

  it('commits a transaction as a whole or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.collection('schools').insert(school('s1', '1'));
        throw new AppError('CONFLICT');
      }),
    ).rejects.toBeInstanceOf(AppError);
    expect(await db.collection('schools').count()).toBe(0);
    await db.transaction(async (tx) => {
      await tx.collection('schools').insert(school('s1', '1'));
      await tx.collection('schools').insert(school('s2', '2'));
    });
    expect(await db.collection('schools').count()).toBe(2);
  });

  it('keeps other callers out of an open transaction until it ends', async () => {
    const seen: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.collection('schools').insert(school('s1', '1'));
      inside();
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push('transaction done');
      throw new Error('roll back');
    });
    await entered;
    const outside = db.collection('schools').count().then((n) => seen.push(`outside saw ${n}`));
    await expect(transaction).rejects.toThrow('roll back');
    await outside;
    expect(seen).toEqual(['transaction done', 'outside saw 0']);
  });

  it('serialises concurrent transactions', async () => {
    await db.collection('enrollments').insert(enrollment('e1', 0));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const current = await tx.collection('enrollments').get('e1');
          await new Promise((resolve) => setImmediate(resolve));
          await tx.collection('enrollments').update({ id: 'e1' }, { set: { checksUsed: current!.checksUsed + 1 } });
        }),
      ),
    );
    expect((await db.collection('enrollments').get('e1'))?.checksUsed).toBe(20);
  });
});
