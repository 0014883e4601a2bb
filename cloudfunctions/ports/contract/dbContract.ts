import { randomBytes } from 'node:crypto';
import type { EnrollmentDoc, SchoolDoc } from '../../contracts/documents';
import { AppError } from '../../contracts/errors';
import type { Db } from '../db';

/**
 * The Db port's contract, one suite for every adapter (SQLite, CloudBase over the fake server, a real
 * CloudBase environment). Every document a run writes carries a run-unique id, and every query is
 * scoped to those ids, so the suite can run against a shared test environment and cleans up after
 * itself.
 */
export interface DbUnderTest {
  db: Db;
  close(): Promise<void>;
}

export function describeDbContract(label: string, open: () => Promise<DbUnderTest>): void {
  describe(`the Db port (${label})`, () => {
    let subject: DbUnderTest;
    let db: Db;
    const run = randomBytes(4).toString('hex');
    const id = (name: string) => `contract-${run}-${name}`;
    const created: { schools: string[]; enrollments: string[] } = { schools: [], enrollments: [] };

    const school = (name: string, code: string, createdAt = 1): SchoolDoc => ({ id: id(name), code: `${run}-${code}`, name: `学校${name}`, createdAt });
    const enrollment = (name: string, checksUsed: number): EnrollmentDoc => ({
      id: id(name),
      openid: `openid-${run}`,
      codeNumber: `2026${run}${name}`,
      code: {
        number: `2026${run}${name}`,
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
    const insertSchool = async (doc: SchoolDoc) => {
      created.schools.push(doc.id);
      await db.collection('schools').insert(doc);
    };
    const insertEnrollment = async (doc: EnrollmentDoc) => {
      created.enrollments.push(doc.id);
      await db.collection('enrollments').insert(doc);
    };
    const ours = () => ({ id: { $in: created.schools } });

    beforeAll(async () => {
      subject = await open();
      db = subject.db;
    });
    afterEach(async () => {
      await db.collection('schools').remove({ id: { $in: created.schools.splice(0) } });
      await db.collection('enrollments').remove({ id: { $in: created.enrollments.splice(0) } });
    });
    afterAll(async () => subject.close());

    it('stores a document and reads it back parsed by its schema', async () => {
      await insertSchool(school('a', '10538'));
      expect(await db.collection('schools').get(id('a'))).toEqual(school('a', '10538'));
      expect(await db.collection('schools').get(id('missing'))).toBeNull();
    });

    it('refuses a second document with the same id as a CONFLICT and keeps the first', async () => {
      await insertSchool(school('a', '1'));
      await expect(db.collection('schools').insert(school('a', '2'))).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await db.collection('schools').get(id('a')))?.code).toBe(`${run}-1`);
    });

    it('refuses a document that does not match its schema', async () => {
      await expect(db.collection('schools').insert({ id: id('bad') } as SchoolDoc)).rejects.toThrow();
      expect(await db.collection('schools').get(id('bad'))).toBeNull();
    });

    it('finds with conditions, order, limit and skip, and counts', async () => {
      for (const [name, code, at] of [['a', '1', 3], ['b', '2', 1], ['c', '3', 2]] as const) await insertSchool(school(name, code, at));
      const schools = db.collection('schools');
      const names = (docs: SchoolDoc[]) => docs.map((s) => s.id.slice(-1));
      expect(names(await schools.find({ where: ours(), orderBy: [['createdAt', 'asc']] }))).toEqual(['b', 'c', 'a']);
      expect(names(await schools.find({ where: { ...ours(), createdAt: { $gte: 2 } }, orderBy: [['createdAt', 'desc']] }))).toEqual(['a', 'c']);
      expect(names(await schools.find({ where: { ...ours(), code: { $in: [`${run}-1`, `${run}-3`] } }, orderBy: [['id', 'asc']] }))).toEqual(['a', 'c']);
      expect(names(await schools.find({ where: { ...ours(), code: { $ne: `${run}-1` } }, orderBy: [['id', 'asc']] }))).toEqual(['b', 'c']);
      expect(names(await schools.find({ where: ours(), orderBy: [['id', 'asc']], limit: 1, skip: 1 }))).toEqual(['b']);
      expect(await schools.count({ ...ours(), createdAt: { $gt: 1, $lte: 3 } })).toBe(2);
      expect(await schools.count({ id: { $in: [] } })).toBe(0);
    });

    it('tells present from absent fields', async () => {
      await insertEnrollment(enrollment('a', 0));
      await insertEnrollment({ ...enrollment('b', 0), batchId: 'batch-1' });
      const mine = { id: { $in: [id('a'), id('b')] } };
      expect((await db.collection('enrollments').find({ where: { ...mine, batchId: { $exists: true } } })).map((e) => e.id)).toEqual([id('b')]);
      expect((await db.collection('enrollments').find({ where: { ...mine, batchId: { $exists: false } } })).map((e) => e.id)).toEqual([id('a')]);
    });

    it('refuses an undefined condition instead of matching everything', async () => {
      await expect(db.collection('schools').find({ where: { code: undefined } })).rejects.toThrow(/undefined/);
    });

    it('updates conditionally and says how many documents changed', async () => {
      await insertEnrollment(enrollment('a', 9));
      const enrollments = db.collection('enrollments');
      expect(await enrollments.update({ id: id('a'), checksUsed: { $lt: 10 } }, { inc: { checksUsed: 1 } })).toBe(1);
      expect(await enrollments.update({ id: id('a'), checksUsed: { $lt: 10 } }, { inc: { checksUsed: 1 } })).toBe(0);
      expect((await enrollments.get(id('a')))?.checksUsed).toBe(10);
    });

    it('sets, replaces and removes fields', async () => {
      await insertEnrollment(enrollment('a', 0));
      const enrollments = db.collection('enrollments');
      await enrollments.update({ id: id('a') }, { set: { batchId: 'b1' } });
      expect((await enrollments.get(id('a')))?.batchId).toBe('b1');
      // A nested value is replaced as a whole, not merged into the stored one.
      const code = { ...enrollment('a', 0).code, major: '软件工程' };
      await enrollments.update({ id: id('a') }, { set: { code } });
      expect((await enrollments.get(id('a')))?.code).toEqual(code);
      await enrollments.update({ id: id('a') }, { unset: ['batchId'] });
      expect((await enrollments.get(id('a')))?.batchId).toBeUndefined();
    });

    it('removes what matches and says how many', async () => {
      for (const name of ['a', 'b', 'c']) await insertSchool(school(name, name, name === 'c' ? 2 : 1));
      expect(await db.collection('schools').remove({ ...ours(), createdAt: 1 })).toBe(2);
      expect(await db.collection('schools').count(ours())).toBe(1);
    });

    it('commits everything a transaction did together', async () => {
      await insertEnrollment(enrollment('a', 0));
      created.schools.push(id('t'));
      const left = await db.transaction(async (tx) => {
        expect(await tx.collection('enrollments').update({ id: id('a'), checksUsed: { $lt: 10 } }, { inc: { checksUsed: 1 } })).toBe(1);
        await tx.collection('schools').insert(school('t', 't'));
        expect(await tx.collection('schools').count({ id: id('t') })).toBe(1);
        return (await tx.collection('enrollments').get(id('a')))!.checksUsed;
      });
      expect(left).toBe(1);
      expect(await db.collection('schools').get(id('t'))).not.toBeNull();
    });

    it('undoes everything when the work throws, and the work’s error comes out unchanged', async () => {
      await insertEnrollment(enrollment('a', 0));
      created.schools.push(id('t'));
      const failing = db.transaction(async (tx) => {
        await tx.collection('enrollments').update({ id: id('a') }, { inc: { checksUsed: 1 } });
        await tx.collection('schools').insert(school('t', 't'));
        throw new AppError('QUOTA_EXCEEDED');
      });
      await expect(failing).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
      expect((await db.collection('enrollments').get(id('a')))?.checksUsed).toBe(0);
      expect(await db.collection('schools').get(id('t'))).toBeNull();
    });

    it('loses no update when transactions run at once', async () => {
      await insertEnrollment(enrollment('a', 0));
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          db.transaction(async (tx) => {
            const current = await tx.collection('enrollments').get(id('a'));
            await tx.collection('enrollments').update({ id: id('a') }, { set: { checksUsed: current!.checksUsed + 1 } });
          }),
        ),
      );
      // A backend may refuse a conflicting transaction, but never apply it halfway or drop one it accepted.
      const committed = results.filter((r) => r.status === 'fulfilled').length;
      expect(committed).toBeGreaterThan(0);
      expect((await db.collection('enrollments').get(id('a')))?.checksUsed).toBe(committed);
    });
  });
}
