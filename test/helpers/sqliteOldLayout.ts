import type Database from 'better-sqlite3';
import type { BaseDocument, CollectionSpec, Query } from '../../services/store/documentStore';

/**
 * The SQLite layout the store wrote before field columns (its DDL at commit fa3d7e0): each document
 * as JSON, query fields indexed by json_extract expression indexes. Tests build databases of this
 * layout to migrate and use its SQL as the oracle of what queries answered; the replace benchmark
 * compares writes against it.
 */

const old = (field: string) => (field === 'id' ? 'id' : `json_extract(doc, '$.${field}')`);

/** Creates a collection's table and expression indexes as the earlier store did. */
export function createOldLayout(db: Database.Database, spec: CollectionSpec<BaseDocument>): void {
  db.exec(`CREATE TABLE "${spec.name}" (tenant_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant_id, id))`);
  const make = (cols: ReadonlyArray<string>, global: boolean) =>
    db.exec(
      `CREATE INDEX "ix_${spec.name}_${global ? 'g_' : ''}${cols.join('_')}" ON "${spec.name}" (${[...(global ? [] : ['tenant_id']), ...cols.map(old)].join(', ')})`,
    );
  for (const cols of spec.indexes) make(cols, false);
  for (const cols of spec.globalIndexes ?? []) make(cols, true);
}

/** The earlier store's replace statement: the whole document and a new ETag, if the ETag still matches. */
export function oldReplaceSql(table: string): string {
  return `UPDATE "${table}" SET doc = ?, etag = ? WHERE tenant_id = ? AND id = ? AND etag = ?`;
}

const bound = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Every id a query matches, in order, as the earlier layout's json_extract SQL answers it. */
export function oldLayoutAnswer(db: Database.Database, table: string, q: Omit<Query, 'pageSize' | 'continuation'>): string[] {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (q.tenantId !== undefined) {
    clauses.push('tenant_id = ?');
    params.push(q.tenantId);
  }
  for (const f of q.where ?? []) {
    clauses.push(`${old(f.field)} ${f.op} ?`);
    params.push(bound(f.value));
  }
  const dir = q.orderBy?.direction === 'desc' ? 'DESC' : 'ASC';
  const order = q.orderBy && q.orderBy.field !== 'id' ? `${old(q.orderBy.field)} ${dir}, id ${dir}` : `id ${dir}`;
  const sql = `SELECT id FROM "${table}" ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${order}`;
  return (db.prepare(sql).all(...params) as Array<{ id: string }>).map((r) => r.id);
}
