import Database from 'better-sqlite3';
import type { z } from 'zod';
import { COLLECTIONS, COMPOUND_INDEXES, type CollectionName, type DocOf } from '../../contracts/documents';
import { AppError } from '../../contracts/errors';
import type { Collection, Condition, Db, FindOptions, Patch, Where } from '../../ports/db';

/**
 * The Db port on SQLite: one table per collection holding (id, JSON document), expression indexes on
 * the queried fields, WAL. `synchronous=FULL`: a commit is fsynced before the call returns, so an
 * acknowledged write survives not only a killed process (WAL alone gives that) but a power cut too;
 * the cost is one fsync per write transaction, which a collection service can afford.
 */
export function openSqlite(file: string): Database.Database {
  const sql = new Database(file);
  sql.pragma('journal_mode = WAL');
  sql.pragma('synchronous = FULL');
  sql.pragma('busy_timeout = 5000');
  return sql;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function column(field: string): string {
  if (!FIELD.test(field)) throw new Error(`invalid field name: ${field}`);
  return field === 'id' ? 'id' : `json_extract(doc, '$.${field}')`;
}

type SqlValue = string | number | null;
function sqlValue(value: unknown): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0; // json_extract yields 1/0 for JSON booleans
  if (typeof value === 'string' || typeof value === 'number' || value === null) return value;
  throw new Error(`unsupported value in a condition: ${JSON.stringify(value)}`);
}

const OPERATORS = { $eq: '=', $ne: '!=', $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' } as const;

function conditionSql(field: string, condition: Condition<unknown>, params: SqlValue[]): string {
  const col = column(field);
  if (condition === undefined) throw new Error(`undefined condition on "${field}" would match everything`);
  if (condition === null) return `${col} IS NULL`;
  if (typeof condition !== 'object') {
    params.push(sqlValue(condition));
    return `${col} = ?`;
  }
  const parts: string[] = [];
  for (const [op, value] of Object.entries(condition)) {
    if (op === '$in') {
      const list = value as unknown[];
      if (list.length === 0) parts.push('0');
      else {
        parts.push(`${col} IN (${list.map(() => '?').join(',')})`);
        params.push(...list.map(sqlValue));
      }
    } else if (op === '$exists') {
      parts.push(value ? `${col} IS NOT NULL` : `${col} IS NULL`);
    } else if (op in OPERATORS) {
      const operator = OPERATORS[op as keyof typeof OPERATORS];
      if (op === '$ne') {
        parts.push(`(${col} IS NULL OR ${col} != ?)`);
      } else {
        parts.push(`${col} ${operator} ?`);
      }
      params.push(sqlValue(value));
    } else {
      throw new Error(`unknown operator ${op}`);
    }
  }
  return parts.length ? parts.join(' AND ') : '1';
}

function whereSql(where: object | undefined, params: SqlValue[]): string {
  if (!where) return '';
  const parts = Object.entries(where).map(([field, condition]) => conditionSql(field, condition as Condition<unknown>, params));
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

function applyPatch<T extends { id: string }>(doc: T, patch: Patch<T>): T {
  const next: Record<string, unknown> = { ...doc, ...patch.set };
  for (const [field, by] of Object.entries(patch.inc ?? {})) {
    const current = next[field];
    next[field] = (typeof current === 'number' ? current : 0) + (by as number);
  }
  for (const field of patch.unset ?? []) delete next[field as string];
  return next as T;
}

class SqliteCollection<T extends { id: string }> implements Collection<T> {
  constructor(
    private readonly owner: SqliteDb,
    private readonly table: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  private parse(row: { doc: string }): T {
    return this.schema.parse(JSON.parse(row.doc));
  }

  async get(id: string): Promise<T | null> {
    await this.owner.outsideTransactions();
    const row = this.owner.statement(`SELECT doc FROM "${this.table}" WHERE id = ?`).get(id) as { doc: string } | undefined;
    return row ? this.parse(row) : null;
  }

  async find(options: FindOptions<T> = {}): Promise<T[]> {
    const params: SqlValue[] = [];
    let query = `SELECT doc FROM "${this.table}"${whereSql(options.where, params)}`;
    const order = (options.orderBy ?? []).map(([field, direction]) => `${column(field)} ${direction === 'desc' ? 'DESC' : 'ASC'}`);
    query += ` ORDER BY ${[...order, 'rowid ASC'].join(', ')}`;
    if (options.limit !== undefined || options.skip !== undefined) {
      query += ' LIMIT ? OFFSET ?';
      params.push(options.limit ?? -1, options.skip ?? 0);
    }
    await this.owner.outsideTransactions();
    return (this.owner.statement(query).all(...params) as { doc: string }[]).map((row) => this.parse(row));
  }

  async count(where?: Where<T>): Promise<number> {
    const params: SqlValue[] = [];
    const query = `SELECT COUNT(*) AS n FROM "${this.table}"${whereSql(where, params)}`;
    await this.owner.outsideTransactions();
    return (this.owner.statement(query).get(...params) as { n: number }).n;
  }

  async insert(doc: T): Promise<void> {
    const valid = this.schema.parse(doc);
    await this.owner.outsideTransactions();
    try {
      this.owner.statement(`INSERT INTO "${this.table}" (id, doc) VALUES (?, ?)`).run(valid.id, JSON.stringify(valid));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AppError('CONFLICT', '记录已存在');
      throw error;
    }
  }

  async update(where: Where<T>, patch: Patch<T>): Promise<number> {
    const params: SqlValue[] = [];
    const select = this.owner.statement(`SELECT doc FROM "${this.table}"${whereSql(where, params)}`);
    const write = this.owner.statement(`UPDATE "${this.table}" SET doc = ? WHERE id = ?`);
    await this.owner.outsideTransactions();
    // Read-match-write in one synchronous SQLite transaction: nothing can interleave, as in a conditional update.
    return this.owner.atomically(() => {
      const rows = select.all(...params) as { doc: string }[];
      for (const row of rows) {
        const next = this.schema.parse(applyPatch(this.parse(row), patch));
        write.run(JSON.stringify(next), next.id);
      }
      return rows.length;
    });
  }

  async remove(where: Where<T>): Promise<number> {
    const params: SqlValue[] = [];
    const query = `DELETE FROM "${this.table}"${whereSql(where, params)}`;
    await this.owner.outsideTransactions();
    return this.owner.statement(query).run(...params).changes;
  }
}

/**
 * better-sqlite3 is synchronous and has one connection, while a transaction's work is async (it may
 * await other ports). So at most one transaction is open at a time, and operations outside it wait for
 * it to end instead of slipping into it; operations through the transaction's own handle go straight in.
 */
class TransactionGate {
  private tail: Promise<void> = Promise.resolve();
  open: Promise<void> | null = null;

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    await previous;
    this.open = turn;
    return () => {
      this.open = null;
      release();
    };
  }
}

export class SqliteDb implements Db {
  private readonly collections = new Map<string, SqliteCollection<{ id: string }>>();

  private constructor(
    readonly sql: Database.Database,
    private readonly gate: TransactionGate,
    private readonly statements: Map<string, Database.Statement>,
    private readonly inTransaction: boolean,
  ) {}

  static open(sql: Database.Database): SqliteDb {
    for (const [name, { indexes }] of Object.entries(COLLECTIONS)) {
      sql.exec(`CREATE TABLE IF NOT EXISTS "${name}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      for (const field of indexes) {
        sql.exec(`CREATE INDEX IF NOT EXISTS "${name}_${field}" ON "${name}" (${column(field)})`);
      }
      for (const fields of COMPOUND_INDEXES[name as CollectionName] ?? []) {
        sql.exec(`CREATE INDEX IF NOT EXISTS "${name}_${fields.join('_')}" ON "${name}" (${fields.map(column).join(', ')})`);
      }
    }
    return new SqliteDb(sql, new TransactionGate(), new Map(), false);
  }

  collection<C extends CollectionName>(name: C): Collection<DocOf<C>> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteCollection(this, name, COLLECTIONS[name].schema as unknown as z.ZodType<{ id: string }>);
      this.collections.set(name, collection);
    }
    return collection as unknown as Collection<DocOf<C>>;
  }

  async transaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    if (this.inTransaction) return work(this);
    const release = await this.gate.acquire();
    const tx = new SqliteDb(this.sql, this.gate, this.statements, true);
    this.sql.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(tx);
      this.sql.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.sql.inTransaction) this.sql.exec('ROLLBACK');
      throw error;
    } finally {
      release();
    }
  }

  /** @internal Waits while another transaction is open (operations through a transaction's handle do not). */
  async outsideTransactions(): Promise<void> {
    if (this.inTransaction) return;
    while (this.gate.open) await this.gate.open;
  }

  /** @internal */
  statement(query: string): Database.Statement {
    let statement = this.statements.get(query);
    if (!statement) {
      statement = this.sql.prepare(query);
      this.statements.set(query, statement);
    }
    return statement;
  }

  /** @internal Runs synchronous work in a SQLite transaction, or inside the open one. */
  atomically<R>(work: () => R): R {
    return this.sql.inTransaction ? work() : this.sql.transaction(work)();
  }

  close(): void {
    this.sql.close();
  }
}
