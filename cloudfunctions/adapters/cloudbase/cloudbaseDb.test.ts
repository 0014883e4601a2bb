import type { SchoolDoc } from '../../contracts/documents';
import { CloudbaseDb, isDuplicateKey, isTransactionConflict, PAGE_SIZE } from './cloudbaseDb';
import { fakeCloudbaseDatabase } from './testing/fakeCloudbase';
import { parseEjson } from './testing/fakeDatabaseServer';

/**
 * What the CloudBase Db adapter sends over the wire (the real SDK serialises; the fake server records),
 * for the cases where CloudBase differs from SQLite: paging, nested values, transactions.
 */
function setup() {
  const { database, server } = fakeCloudbaseDatabase();
  const db = new CloudbaseDb(database);
  const sent = (action: string) => server.log.filter((entry) => entry.action === action).map((entry) => entry.params);
  const decoded = parseEjson;
  return { db, server, sent, decoded };
}

const school = (id: string, createdAt = 1): SchoolDoc => ({ id, code: id, name: `学校${id}`, createdAt });

describe('the CloudBase database adapter on the wire', () => {
  it('stores the id as _id and turns conditions into database commands', async () => {
    const { db, sent, decoded } = setup();
    await db.collection('schools').insert(school('s1'));
    expect(decoded((sent('database.insertDocument')[0]!.data as string[])[0])).toEqual({ _id: 's1', code: 's1', name: '学校s1', createdAt: 1 });
    await db.collection('schools').find({ where: { id: { $in: ['s1'] }, createdAt: { $gt: 0, $lt: 5 }, code: { $ne: 'x' } }, limit: 10 });
    const query = sent('database.getDocument').at(-1)!;
    expect(decoded(query.query)).toEqual({
      _id: { $in: ['s1'] },
      code: { $ne: 'x' },
      $and: [{ createdAt: { $gt: 0 } }, { createdAt: { $lt: 5 } }],
    });
    // Ties are broken by _id (ids sort by creation), so pages never overlap.
    expect(decoded(query.order)).toEqual({ _id: 1 });
  });

  it('reads past the SDK’s 1000-document cap page by page', async () => {
    const { db, server, sent } = setup();
    const table = new Map(Array.from({ length: 2 * PAGE_SIZE + 5 }, (_, i) => {
      const id = `s${String(i).padStart(5, '0')}`;
      return [id, { _id: id, code: id, name: id, createdAt: i }] as const;
    }));
    server.collections.set('schools', table);
    const all = await db.collection('schools').find();
    expect(all).toHaveLength(2 * PAGE_SIZE + 5);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(sent('database.getDocument').map((p) => [p.offset ?? 0, p.limit])).toEqual([[0, 1000], [1000, 1000], [2000, 1000]]);
    expect((await db.collection('schools').find({ skip: 1995, limit: 20 })).map((s) => s.createdAt)).toEqual(Array.from({ length: 10 }, (_, i) => 1995 + i));
  });

  it('replaces a nested value whole instead of merging it field by field', async () => {
    const { db, sent, decoded } = setup();
    await db.collection('batches').update({ id: 'b1' }, { set: { fileSizeKB: { min: 20, max: 40 } }, inc: { freeChecks: 1 }, unset: ['name'] });
    expect(decoded(sent('database.modifyDocument')[0]!.data)).toEqual({
      $set: { fileSizeKB: { min: 20, max: 40 } },
      $inc: { freeChecks: 1 },
      $unset: { name: '' },
    });
  });

  it('refuses a patch that breaks the schema before sending it', async () => {
    const { db, sent } = setup();
    await expect(db.collection('schools').update({ id: 's1' }, { set: { createdAt: 'yesterday' as unknown as number } })).rejects.toThrow();
    expect(sent('database.modifyDocument')).toHaveLength(0);
  });

  it('keeps every write of a transaction inside it', async () => {
    const { db, server, sent } = setup();
    server.collections.set('schools', new Map([['s1', { _id: 's1', code: 'a', name: 'n', createdAt: 1 }], ['s2', { _id: 's2', code: 'a', name: 'n', createdAt: 1 }]]));
    await db.transaction(async (tx) => {
      expect(await tx.collection('schools').update({ code: 'a', createdAt: { $lt: 5 } }, { inc: { createdAt: 1 } })).toBe(2);
      expect(await tx.collection('schools').count({ code: 'a' })).toBe(2);
      expect(await tx.collection('schools').remove({ id: 's2' })).toBe(1);
    });
    const writes = server.log.filter((e) => /modify|remove|insert/i.test(e.action));
    expect(writes.map((e) => e.action)).toEqual(['database.modifyAndReturnDoc', 'database.modifyAndReturnDoc', 'database.removeDocument']);
    expect(writes.every((e) => e.params.transactionId === 'tx1')).toBe(true);
    expect(sent('database.calculateDocument')).toHaveLength(0);
    expect(sent('database.commitTransaction')).toHaveLength(1);
  });

  it('retries a transaction that lost a write conflict, and only that', async () => {
    const { db, server } = setup();
    let attempts = 0;
    const result = await db.transaction(async () => {
      attempts += 1;
      if (attempts === 1) throw Object.assign(new Error('database transaction conflict'), { code: 'DATABASE_TRANSACTION_CONFLICT' });
      return 'done';
    });
    expect([result, attempts]).toEqual(['done', 2]);
    expect(server.log.filter((e) => e.action === 'database.abortTransaction')).toHaveLength(1);
  });

  it('recognises the database’s duplicate-key and conflict errors', () => {
    expect(isDuplicateKey(Object.assign(new Error('E11000 duplicate key error collection: schools'), { code: 'DATABASE_REQUEST_FAILED' }))).toBe(true);
    expect(isDuplicateKey(new Error('network down'))).toBe(false);
    expect(isTransactionConflict(Object.assign(new Error('x'), { code: 'DATABASE_TRANSACTION_CONFLICT' }))).toBe(true);
    expect(isTransactionConflict(Object.assign(new Error('quota'), { code: 'QUOTA_EXCEEDED' }))).toBe(false);
  });
});
