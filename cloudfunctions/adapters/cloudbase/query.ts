import type { Condition, FindOptions, Patch } from '../../ports/db';

/**
 * Translation of the Db port's conditions and patches into the CloudBase database's query and update
 * objects (`db.command` as `_`). Pure: given the SDK's command object, no network. The stored document
 * keeps the port's `id` as CloudBase's `_id`, so a lookup by id is a primary-key lookup.
 */

/** The part of `db.command` the translation uses (the SDK's own object satisfies it). */
export interface DbCommand {
  eq(value: unknown): FieldCommand;
  neq(value: unknown): FieldCommand;
  lt(value: unknown): FieldCommand;
  lte(value: unknown): FieldCommand;
  gt(value: unknown): FieldCommand;
  gte(value: unknown): FieldCommand;
  in(values: unknown[]): FieldCommand;
  exists(present: boolean): FieldCommand;
  set(value: unknown): unknown;
  inc(by: number): unknown;
  remove(): unknown;
}
export interface FieldCommand {
  and(...others: FieldCommand[]): FieldCommand;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The stored field name: `id` is `_id`; anything else must be a plain top-level name. */
export function storedField(field: string): string {
  if (!FIELD.test(field) || field.startsWith('_')) throw new Error(`invalid field name: ${field}`);
  return field === 'id' ? '_id' : field;
}

const OPERATORS = ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$exists'] as const;
type Operator = (typeof OPERATORS)[number];

function operatorCommand(_: DbCommand, op: Operator, value: unknown): FieldCommand {
  switch (op) {
    case '$eq':
      return _.eq(value);
    case '$ne':
      return _.neq(value);
    case '$lt':
      return _.lt(value);
    case '$lte':
      return _.lte(value);
    case '$gt':
      return _.gt(value);
    case '$gte':
      return _.gte(value);
    case '$in':
      return _.in(value as unknown[]);
    case '$exists':
      return _.exists(Boolean(value));
  }
}

function conditionValue(_: DbCommand, field: string, condition: Condition<unknown>): unknown {
  if (condition === undefined) throw new Error(`undefined condition on "${field}" would match everything`);
  if (condition === null || typeof condition !== 'object') return condition;
  const commands = Object.entries(condition).map(([op, value]) => {
    if (!(OPERATORS as readonly string[]).includes(op)) throw new Error(`unknown operator ${op}`);
    return operatorCommand(_, op as Operator, value);
  });
  const [first, ...rest] = commands;
  // `{}` has no operator: like SQLite's `1`, it matches every document.
  if (!first) return undefined;
  return rest.length ? first.and(...rest) : first;
}

/** `where` → a CloudBase query object (top-level fields ANDed, as the port specifies). */
export function toQuery(_: DbCommand, where: object | undefined): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [field, condition] of Object.entries(where ?? {})) {
    const value = conditionValue(_, field, condition as Condition<unknown>);
    if (value !== undefined) query[storedField(field)] = value;
  }
  return query;
}

/**
 * A patch → CloudBase update data. Object and array values are wrapped in `_.set`: a bare object would be
 * merged field by field into the stored one (CloudBase flattens it to dotted paths), while the port
 * replaces the value, as SQLite does. An `undefined` in `set` removes the field, as it does in SQLite.
 */
export function toUpdate<T>(_: DbCommand, patch: Patch<T>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch.set ?? {})) {
    const key = storedField(field);
    if (key === '_id') throw new Error('the id of a document cannot change');
    if (value === undefined) data[key] = _.remove();
    else data[key] = value !== null && typeof value === 'object' ? _.set(value) : value;
  }
  for (const [field, by] of Object.entries(patch.inc ?? {})) data[storedField(field)] = _.inc(by as number);
  for (const field of patch.unset ?? []) data[storedField(field as string)] = _.remove();
  if (Object.keys(data).length === 0) throw new Error('an update needs at least one change');
  return data;
}

/** orderBy → CloudBase sort keys, ending with `_id` so that pages are stable (ids sort by creation). */
export function toOrder<T>(orderBy: FindOptions<T>['orderBy']): [string, 'asc' | 'desc'][] {
  const order = (orderBy ?? []).map(([field, direction]) => [storedField(field), direction] as [string, 'asc' | 'desc']);
  if (!order.some(([field]) => field === '_id')) order.push(['_id', 'asc']);
  return order;
}

/** The document as stored: the port's `id` becomes `_id`. */
export function toStored(doc: { id: string }): Record<string, unknown> {
  const { id, ...rest } = doc;
  return { _id: id, ...rest };
}

/** A stored document back in the port's shape (system fields such as `_openid` dropped). */
export function fromStored(stored: Record<string, unknown>): Record<string, unknown> {
  const doc: Record<string, unknown> = { id: stored._id };
  for (const [key, value] of Object.entries(stored)) if (!key.startsWith('_')) doc[key] = value;
  return doc;
}
