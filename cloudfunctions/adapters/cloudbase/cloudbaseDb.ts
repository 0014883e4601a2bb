import { z } from 'zod';
import { COLLECTIONS, type CollectionName, type DocOf } from '../../contracts/documents';
import { AppError } from '../../contracts/errors';
import type { Collection, Db, FindOptions, Patch, Where } from '../../ports/db';
import { fromStored, toOrder, toQuery, toStored, toUpdate, type DbCommand } from './query';

/**
 * The Db port on the CloudBase document database (`@cloudbase/node-sdk` → `app.database()`).
 *
 * - Conditional updates are `where(...).update(...)` and report the SDK's `updated` count.
 * - The SDK caps a read at 1000 documents (100 when no limit is given), so `find` pages.
 * - In a transaction the SDK only carries the transaction to reads, inserts, single-document writes and
 *   `updateAndReturn`; a multi-document `where().update()` or `count()` would silently run outside it.
 *   So inside a transaction an update is one `updateAndReturn` per matching document (its condition
 *   re-checked atomically), a removal is one `doc(id).remove()` each, and a count reads the ids.
 */

/** The SDK's query builder, as used here. */
export interface QueryRef {
  where(query: object): QueryRef;
  orderBy(field: string, direction: 'asc' | 'desc'): QueryRef;
  skip(offset: number): QueryRef;
  limit(limit: number): QueryRef;
  field(projection: object): QueryRef;
  get(): Promise<{ data: unknown }>;
  count(): Promise<{ total?: number }>;
  update(data: object): Promise<{ updated?: number }>;
  updateAndReturn(data: object): Promise<{ updated?: number }>;
  remove(): Promise<{ deleted?: number | string }>;
}
export interface CollectionRef extends QueryRef {
  doc(id: string): { get(): Promise<{ data: unknown }>; remove(): Promise<{ deleted?: number | string }> };
  add(data: object): Promise<unknown>;
}
export interface TransactionRef {
  collection(name: string): CollectionRef;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}
export interface DatabaseRef {
  command: DbCommand;
  collection(name: string): CollectionRef;
  startTransaction(): Promise<TransactionRef>;
}

/** The most documents one read returns on CloudBase. */
export const PAGE_SIZE = 1000;
const TRANSACTION_ATTEMPTS = 3;

type Stored = Record<string, unknown>;

function asList(data: unknown): Stored[] {
  if (Array.isArray(data)) return data as Stored[];
  return data ? [data as Stored] : [];
}

/** An insert of an `_id` that exists: the database reports a duplicate key (MongoDB E11000). */
export function isDuplicateKey(error: unknown): boolean {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : String(error);
  return /E11000|duplicate key|DUPLICATE_WRITE|already exists/i.test(text);
}

/** A write conflict between transactions: the transaction is retried. */
export function isTransactionConflict(error: unknown): boolean {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : String(error);
  return /TRANSACTION_CONFLICT|WriteConflict|write conflict/i.test(text);
}

class CloudbaseCollection<T extends { id: string }> implements Collection<T> {
  constructor(
    private readonly db: DatabaseRef,
    private readonly tx: TransactionRef | undefined,
    private readonly name: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  private ref(): CollectionRef {
    return (this.tx ?? this.db).collection(this.name);
  }

  private parse(stored: Stored): T {
    return this.schema.parse(fromStored(stored));
  }

  private query(where: object | undefined): QueryRef {
    const query = toQuery(this.db.command, where);
    return Object.keys(query).length ? this.ref().where(query) : this.ref();
  }

  async get(id: string): Promise<T | null> {
    const [stored] = asList((await this.ref().doc(id).get()).data);
    return stored ? this.parse(stored) : null;
  }

  /** Reads every matching stored document, page by page, in order. */
  private async read(options: FindOptions<T>, projection?: object): Promise<Stored[]> {
    let query = this.query(options.where);
    for (const [field, direction] of toOrder(options.orderBy)) query = query.orderBy(field, direction);
    if (projection) query = query.field(projection);
    const skip = options.skip ?? 0;
    const wanted = options.limit ?? Number.POSITIVE_INFINITY;
    const out: Stored[] = [];
    while (out.length < wanted) {
      const size = Math.min(PAGE_SIZE, wanted - out.length);
      const offset = skip + out.length;
      const page = asList((await (offset > 0 ? query.skip(offset) : query).limit(size).get()).data);
      out.push(...page);
      if (page.length < size) break;
    }
    return out;
  }

  async find(options: FindOptions<T> = {}): Promise<T[]> {
    return (await this.read(options)).map((stored) => this.parse(stored));
  }

  private async ids(where: Where<T>): Promise<string[]> {
    const id = (where as { id?: unknown }).id;
    if (typeof id === 'string') return [id];
    return (await this.read({ where }, { _id: true })).map((stored) => String(stored._id));
  }

  async count(where?: Where<T>): Promise<number> {
    if (this.tx) return (await this.read({ where }, { _id: true })).length;
    return (await this.query(where).count()).total ?? 0;
  }

  async insert(doc: T): Promise<void> {
    const valid = this.schema.parse(doc);
    try {
      await this.ref().add(toStored(valid));
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('CONFLICT', '记录已存在');
      throw error;
    }
  }

  async update(where: Where<T>, patch: Patch<T>): Promise<number> {
    // The stored document is not read back, so the changed fields are checked against the schema here.
    if (patch.set && this.schema instanceof z.ZodObject) this.schema.partial().parse(patch.set);
    const data = toUpdate(this.db.command, patch);
    if (!this.tx) return (await this.query(where).update(data)).updated ?? 0;
    let updated = 0;
    for (const id of await this.ids(where)) {
      const query = toQuery(this.db.command, { ...where, id });
      updated += (await this.ref().where(query).updateAndReturn(data)).updated ?? 0;
    }
    return updated;
  }

  async remove(where: Where<T>): Promise<number> {
    if (!this.tx) return Number((await this.query(where).remove()).deleted ?? 0);
    let deleted = 0;
    for (const id of await this.ids(where)) deleted += Number((await this.ref().doc(id).remove()).deleted ?? 0);
    return deleted;
  }
}

export class CloudbaseDb implements Db {
  constructor(
    private readonly database: DatabaseRef,
    private readonly tx?: TransactionRef,
  ) {}

  collection<C extends CollectionName>(name: C): Collection<DocOf<C>> {
    const schema = COLLECTIONS[name].schema as unknown as z.ZodType<DocOf<C>>;
    return new CloudbaseCollection(this.database, this.tx, name, schema);
  }

  /**
   * `startTransaction` / `commit` / `rollback` by hand: the SDK's `runTransaction` swallows the work's
   * error (it retries any failure and finally throws "Transaction failed"), which would turn a
   * QUOTA_EXCEEDED into an internal error. Only a write conflict is retried here.
   */
  async transaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    if (this.tx) return work(this);
    for (let attempt = 1; ; attempt++) {
      const tx = await this.database.startTransaction();
      try {
        const result = await work(new CloudbaseDb(this.database, tx));
        await tx.commit();
        return result;
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        if (attempt < TRANSACTION_ATTEMPTS && isTransactionConflict(error)) continue;
        throw error;
      }
    }
  }
}
