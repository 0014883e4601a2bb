import { Query, update } from 'mingo';

/**
 * An in-memory stand-in for the CloudBase database's HTTP API, at the SDK's request layer
 * (`Db.reqClass.send(action, params)`), so the real SDK builds and serialises every query, update and
 * transaction call exactly as in production, and only the server is simulated. Queries are matched by
 * mingo (MongoDB's query language, which the CloudBase database speaks). Transactions hold a lock from
 * start to commit (one at a time) and undo their writes on abort; MVCC and write conflicts are not
 * simulated. Used by the translation tests and the shared contract suite; never shipped.
 */

type Doc = Record<string, unknown> & { _id: string };

/**
 * The SDK sends canonical Extended JSON (`{"$numberInt": "1"}` …); documents here hold plain values. Replies
 * are plain JSON, which the SDK's relaxed EJSON parser reads back as numbers.
 */
export function parseEjson(text: unknown): unknown {
  return JSON.parse(String(text), (_key, value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      const [first] = entries;
      if (entries.length === 1 && first && /^\$number(Int|Long|Double|Decimal)$/.test(first[0])) return Number(first[1]);
    }
    return value;
  });
}
type Reply = Record<string, unknown>;

interface OpenTransaction {
  undo: (() => void)[];
  release: () => void;
}

export class FakeDatabaseServer {
  readonly collections = new Map<string, Map<string, Doc>>();
  /** Every request received: action and parameters. */
  readonly log: { action: string; params: Record<string, unknown> }[] = [];
  private readonly transactions = new Map<string, OpenTransaction>();
  private lock: Promise<void> = Promise.resolve();
  private nextTransaction = 1;

  private table(name: string): Map<string, Doc> {
    let table = this.collections.get(name);
    if (!table) {
      table = new Map();
      this.collections.set(name, table);
    }
    return table;
  }

  private undoLog(params: Record<string, unknown>): (() => void)[] | undefined {
    const id = params.transactionId as string | undefined;
    if (!id) return undefined;
    const tx = this.transactions.get(id);
    if (!tx) throw new Error(`unknown transaction ${id}`);
    return tx.undo;
  }

  private matching(params: Record<string, unknown>): Doc[] {
    const query = params.query ? (parseEjson(params.query) as Record<string, unknown>) : {};
    const matcher = new Query(query, {});
    return [...this.table(params.collectionName as string).values()].filter((doc) => matcher.test(doc));
  }

  private write(params: Record<string, unknown>, table: Map<string, Doc>, id: string, next: Doc | undefined): void {
    const before = table.get(id);
    if (next) table.set(id, next);
    else table.delete(id);
    this.undoLog(params)?.push(() => (before ? table.set(id, before) : table.delete(id)));
  }

  private modify(params: Record<string, unknown>, doc: Doc): boolean {
    const modifier = parseEjson(params.data) as Record<string, Record<string, unknown>>;
    const next = structuredClone(doc);
    const changed = update(next, modifier);
    if (changed.length === 0) return false;
    this.write(params, this.table(params.collectionName as string), doc._id, next);
    return true;
  }

  async send(action: string, params: Record<string, unknown> = {}): Promise<Reply> {
    this.log.push({ action, params });
    switch (action) {
      case 'database.startTransaction': {
        let release!: () => void;
        const previous = this.lock;
        this.lock = new Promise<void>((resolve) => (release = resolve));
        await previous;
        const transactionId = `tx${this.nextTransaction++}`;
        this.transactions.set(transactionId, { undo: [], release });
        return { transactionId, requestId: 'fake' };
      }
      case 'database.commitTransaction':
      case 'database.abortTransaction': {
        const tx = this.transactions.get(params.transactionId as string);
        if (!tx) return { code: 'DATABASE_TRANSACTION_FAIL', message: 'transaction not found' };
        if (action === 'database.abortTransaction') for (const undo of tx.undo.reverse()) undo();
        this.transactions.delete(params.transactionId as string);
        tx.release();
        return { requestId: 'fake' };
      }
      case 'database.getDocument': {
        let docs = this.matching(params);
        const order = params.order ? (parseEjson(params.order) as Record<string, number>) : {};
        docs.sort((a, b) => {
          for (const [field, direction] of Object.entries(order)) {
            const x = a[field] as string | number;
            const y = b[field] as string | number;
            if (x !== y) return (x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1) * direction;
          }
          return 0;
        });
        docs = docs.slice(Number(params.offset ?? 0), Number(params.offset ?? 0) + Number(params.limit ?? 100));
        const projection = params.projection ? (parseEjson(params.projection) as Record<string, number>) : undefined;
        const shaped = projection ? docs.map((doc) => Object.fromEntries(Object.keys(projection).map((key) => [key, doc[key]]))) : docs;
        return { data: { list: shaped.map((doc) => JSON.stringify(doc)) }, requestId: 'fake' };
      }
      case 'database.calculateDocument':
        return { data: { total: this.matching(params).length }, requestId: 'fake' };
      case 'database.insertDocument': {
        const table = this.table(params.collectionName as string);
        const docs = (params.data as string[]).map((text) => parseEjson(text) as Doc);
        for (const doc of docs) {
          if (table.has(doc._id)) return { code: 'DATABASE_REQUEST_FAILED', message: `E11000 duplicate key error collection: ${params.collectionName} dup key: { _id: "${doc._id}" }` };
        }
        for (const doc of docs) this.write(params, table, doc._id, doc);
        return { data: { insertedIds: docs.map((doc) => doc._id) }, requestId: 'fake' };
      }
      case 'database.modifyDocument': {
        const docs = this.matching(params);
        const targets = params.multi === false ? docs.slice(0, 1) : docs;
        const updated = targets.filter((doc) => this.modify(params, doc)).length;
        return { data: { updated }, requestId: 'fake' };
      }
      case 'database.modifyAndReturnDoc': {
        const [doc] = this.matching(params);
        const updated = doc && this.modify(params, doc) ? 1 : 0;
        const after = doc ? this.table(params.collectionName as string).get(doc._id) : undefined;
        return { data: { updated, doc: after ? JSON.stringify(after) : undefined }, requestId: 'fake' };
      }
      case 'database.removeDocument': {
        const docs = this.matching(params);
        const targets = params.multi === false ? docs.slice(0, 1) : docs;
        const table = this.table(params.collectionName as string);
        for (const doc of targets) this.write(params, table, doc._id, undefined);
        return { data: { deleted: targets.length }, requestId: 'fake' };
      }
      default:
        return { code: 'INVALID_ACTION', message: `the fake database does not implement ${action}` };
    }
  }
}
