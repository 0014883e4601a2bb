import type { CollectionName, DocOf } from '../contracts/documents';

/**
 * The document database, shaped so that both SQLite (adapters/local) and the CloudBase database
 * (`db.collection(x).where({...}).update({...})` → `updated`, `_.inc`, `_.lt`, `db.runTransaction`)
 * implement it one to one. Documents are parsed by the contracts' schemas on read.
 */

type Scalar = string | number | boolean | null;

/** A condition on one field: a value (equality) or operators, as CloudBase's `_.lt`, `_.in` … */
export type Condition<V> =
  | V
  | {
      $eq?: V;
      $ne?: V;
      $lt?: V;
      $lte?: V;
      $gt?: V;
      $gte?: V;
      $in?: V[];
      /** true: the field is present (not undefined/null); false: absent. */
      $exists?: boolean;
    };

/** Top-level fields only, ANDed. An `undefined` value is refused: it would silently match everything. */
export type Where<T> = { [K in keyof T]?: T[K] extends Scalar | undefined ? Condition<Exclude<T[K], undefined>> : never };

type NumericKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

export interface Patch<T> {
  set?: Partial<Omit<T, 'id'>>;
  /** Atomic increments (CloudBase `_.inc`). */
  inc?: Partial<Record<NumericKeys<T>, number>>;
  /** Fields to remove (CloudBase `_.remove()`). */
  unset?: (keyof Omit<T, 'id'>)[];
}

export interface FindOptions<T> {
  where?: Where<T>;
  orderBy?: readonly (readonly [keyof T & string, 'asc' | 'desc'])[];
  limit?: number;
  skip?: number;
}

export interface Collection<T extends { id: string }> {
  get(id: string): Promise<T | null>;
  find(options?: FindOptions<T>): Promise<T[]>;
  count(where?: Where<T>): Promise<number>;
  /** Inserts a new document; an existing id throws AppError CONFLICT (ids double as unique keys). */
  insert(doc: T): Promise<void>;
  /** Conditional update: applies `patch` to every document matching `where`; returns how many changed. */
  update(where: Where<T>, patch: Patch<T>): Promise<number>;
  /** Returns how many were removed. */
  remove(where: Where<T>): Promise<number>;
}

export interface Db {
  collection<C extends CollectionName>(name: C): Collection<DocOf<C>>;
  /**
   * Runs `work` atomically: everything it does through `tx` commits together or not at all. Work must
   * only touch the database through `tx` (CloudBase transactions have the same rule).
   */
  transaction<R>(work: (tx: Db) => Promise<R>): Promise<R>;
}
