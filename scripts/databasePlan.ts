/**
 * The CloudBase database GradPhoto needs: every collection of the contracts, the indexes its queries
 * use, and the rule that keeps each one server-only (clients never touch the database; every read and
 * write goes through a function, which checks role and scope).
 */
import { z } from 'zod';
import { COLLECTIONS, type CollectionName } from '../cloudfunctions/contracts/documents';

export interface IndexPlan {
  name: string;
  fields: readonly (readonly [string, 1 | -1])[];
  unique: boolean;
}

const asc = (field: string) => [field, 1] as const;
const desc = (field: string) => [field, -1] as const;

/** Compound and unique indexes, by the queries they serve (cloudfunctions/app). */
const COMPOUND: Partial<Record<CollectionName, { fields: (readonly [string, 1 | -1])[]; unique?: boolean; why: string }[]>> = {
  photos: [
    { fields: [asc('state'), asc('batchId'), asc('submittedAt')], why: 'review queue and progress by batch, oldest first' },
    { fields: [asc('state'), asc('schoolId'), asc('submittedAt')], why: 'review queue by school, overdue counts' },
    { fields: [asc('enrollmentId'), desc('createdAt')], why: "an enrolment's photos, newest first" },
    { fields: [asc('state'), asc('resubmitBy')], why: 'timer: overdue resubmissions' },
  ],
  enrollments: [
    { fields: [asc('codeNumber')], unique: true, why: 'one enrolment per 采集码 number (codeClaims holds the claim by _id)' },
    { fields: [asc('openid'), asc('createdAt')], why: "a student's enrolments" },
    { fields: [asc('batchId'), asc('createdAt')], why: "a batch's enrolments, paged for export" },
  ],
  orders: [
    { fields: [asc('state'), asc('createdAt')], why: 'orders by state and time (ops)' },
    { fields: [asc('state'), asc('expiresAt')], why: 'timer: close unpaid orders' },
    { fields: [asc('openid'), desc('createdAt')], why: "a student's orders" },
    { fields: [asc('enrollmentId'), desc('createdAt')], why: "an enrolment's latest order" },
  ],
  batches: [{ fields: [asc('code')], unique: true, why: 'the 特征码 is unique' }],
  schools: [{ fields: [asc('code')], unique: true, why: 'the school code is unique' }],
  roster: [{ fields: [asc('batchId'), asc('codeNumber')], why: 'roster match by 采集码 number' }],
  notifications: [{ fields: [asc('openid'), desc('createdAt')], why: "a student's messages, newest first" }],
};

export function indexName(fields: IndexPlan['fields'], unique: boolean): string {
  return `${unique ? 'uniq' : 'idx'}_${fields.map(([f, d]) => `${f}_${d === 1 ? 'asc' : 'desc'}`).join('_')}`;
}

/** The indexes of one collection: its contract's single-field indexes, then the compound ones. */
export function indexesOf(collection: CollectionName): IndexPlan[] {
  const compound = (COMPOUND[collection] ?? []).map(({ fields, unique = false }) => ({ name: indexName(fields, unique), fields, unique }));
  const covered = new Set(compound.filter((i) => i.fields.length === 1).map((i) => i.fields[0]![0]));
  const single = COLLECTIONS[collection].indexes
    .filter((field) => !covered.has(field))
    .map((field) => ({ name: indexName([asc(field)], false), fields: [asc(field)], unique: false }));
  return [...single, ...compound];
}

export function databasePlan(): { collection: CollectionName; indexes: IndexPlan[] }[] {
  return (Object.keys(COLLECTIONS) as CollectionName[]).map((collection) => ({ collection, indexes: indexesOf(collection) }));
}

/** Every indexed field exists in its collection's schema (catches a renamed field). */
export function checkPlan(): string[] {
  const problems: string[] = [];
  for (const { collection, indexes } of databasePlan()) {
    const schema = COLLECTIONS[collection].schema as unknown as z.ZodObject;
    const fields = new Set(Object.keys(schema.shape));
    for (const index of indexes) for (const [field] of index.fields) if (!fields.has(field)) problems.push(`${collection}.${index.name}: no field ${field}`);
    if (indexes.length > 20) problems.push(`${collection}: more than CloudBase's 20 indexes`);
  }
  return problems;
}

export function reasonsOf(collection: CollectionName): string[] {
  return (COMPOUND[collection] ?? []).map((c) => `${indexName(c.fields, c.unique ?? false)}: ${c.why}`);
}

/** The permission every collection and the storage get: 仅管理端可读写 (server SDK only). */
export const SERVER_ONLY = 'ADMINONLY' as const;
