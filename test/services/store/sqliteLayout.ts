import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { BaseDocument, Collection, CollectionSpec, Query } from '../../../services/store/documentStore';
import type { SqliteStore } from '../../../services/store/sqliteStore';

/**
 * Test helpers around the SQLite layout: the store's private handle, query answers page by page,
 * the check that field columns match their documents, and a collection with every kind of value.
 * The earlier layout (the oracle of what queries answered) is in test/helpers/sqliteOldLayout.ts.
 */

export function handleOf(store: SqliteStore): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

/** Records the SQL text of every statement the store compiles from now on. */
export function recordStatements(db: Database.Database): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
  return seen;
}

export function planOf(db: Database.Database, sql: string, params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
}

/** Every id a query matches, page after page through the store. */
export async function storeAnswer<T extends BaseDocument>(collection: Collection<T>, q: Omit<Query, 'pageSize' | 'continuation'>, pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let continuation: string | undefined;
  let pages = 0;
  do {
    const page = await collection.query({ ...q, pageSize, continuation });
    ids.push(...page.items.map((i) => i.value.id));
    continuation = page.continuation;
    if (++pages > 10_000) throw new Error('paging does not end');
  } while (continuation);
  return ids;
}

/** Rows where a field column differs (in value or SQLite type) from json_extract of the document. */
export function columnsOutOfStep(db: Database.Database, spec: CollectionSpec<BaseDocument>): unknown[] {
  const checks = spec.queryFields
    .filter((f) => f !== 'id')
    .map((f) => `NOT ("f_${f}" IS json_extract(doc, '$.${f}') AND typeof("f_${f}") = typeof(json_extract(doc, '$.${f}')))`);
  if (!checks.length) return [];
  return db.prepare(`SELECT * FROM "${spec.name}" WHERE ${checks.join(' OR ')}`).all();
}

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A collection whose query fields take every kind of JSON value (test-only). */
export const Mixed = z.object({
  id: z.string(),
  tenantId: z.string(),
  s: z.string().optional(),
  n: z.number().optional(),
  b: z.boolean().optional(),
  x: Scalar.optional(),
  list: z.array(Scalar).optional(),
  note: z.string(),
});
export type Mixed = z.infer<typeof Mixed>;

export const MIXED: CollectionSpec<Mixed> = {
  name: 'mixed',
  schema: Mixed,
  queryFields: ['s', 'n', 'b', 'x', 'list'],
  indexes: [['s'], ['n', 'b']],
  globalIndexes: [['x']],
};
