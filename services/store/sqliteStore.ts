import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConflictError, NotFoundError } from '../errors';
import { decodeContinuation, encodeContinuation } from './continuation';
import {
  assertQueryFields,
  type BaseDocument,
  type Collection,
  type CollectionSpec,
  type DocumentStore,
  type FieldValue,
  type Page,
  type Query,
  type Versioned,
} from './documentStore';

type Row = { doc: string; etag: string; id: string; ord?: unknown };

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function ident(name: string): string {
  if (!NAME.test(name)) throw new Error(`Unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** The expression used both in indexes and queries, so that SQLite can use the index. */
function fieldExpr(field: string): string {
  if (field === 'id') return 'id';
  if (!NAME.test(field)) throw new Error(`Unsafe field name: ${field}`);
  return `json_extract(doc, '$.${field}')`;
}

function sqlValue(v: FieldValue | null): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** Embedded store: one table per collection, JSON documents, expression indexes on query fields. */
export class SqliteStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly prepared = new Set<string>();
  /**
   * Compiled statements by SQL text. Compiling is a large part of a small query's cost, and the
   * texts are few (one per operation and query shape), so each is compiled once.
   */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
  }

  async init(): Promise<void> {
    // Tables are created lazily per collection; nothing else to prepare.
  }

  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T> {
    if (!this.prepared.has(spec.name)) {
      this.createTable(spec as unknown as CollectionSpec<BaseDocument>);
      this.prepared.add(spec.name);
    }
    return new SqliteCollection<T>((sql) => this.statement(sql), spec);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private createTable(spec: CollectionSpec<BaseDocument>): void {
    const table = ident(spec.name);
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (tenant_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant_id, id))`,
    );
    const make = (cols: ReadonlyArray<string>, global: boolean) => {
      const name = ident(`ix_${spec.name}_${global ? 'g_' : ''}${cols.join('_')}`);
      const exprs = [...(global ? [] : ['tenant_id']), ...cols.map(fieldExpr)].join(', ');
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${exprs})`);
    };
    for (const cols of spec.indexes) make(cols, false);
    for (const cols of spec.globalIndexes ?? []) make(cols, true);
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

class SqliteCollection<T extends BaseDocument> implements Collection<T> {
  private readonly table: string;
  private readonly sql: Record<'get' | 'exists' | 'insert' | 'replace' | 'upsert' | 'delete' | 'deleteVersion', string>;

  constructor(
    private readonly prepare: (sql: string) => Database.Statement,
    private readonly spec: CollectionSpec<T>,
  ) {
    const table = (this.table = ident(spec.name));
    this.sql = {
      get: `SELECT id, doc, etag FROM ${table} WHERE tenant_id = ? AND id = ?`,
      exists: `SELECT 1 FROM ${table} WHERE tenant_id = ? AND id = ?`,
      insert: `INSERT INTO ${table} (tenant_id, id, etag, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      replace: `UPDATE ${table} SET doc = ?, etag = ? WHERE tenant_id = ? AND id = ? AND etag = ?`,
      upsert: `INSERT INTO ${table} (tenant_id, id, etag, doc) VALUES (?, ?, ?, ?)
               ON CONFLICT (tenant_id, id) DO UPDATE SET doc = excluded.doc, etag = excluded.etag`,
      delete: `DELETE FROM ${table} WHERE tenant_id = ? AND id = ?`,
      deleteVersion: `DELETE FROM ${table} WHERE tenant_id = ? AND id = ? AND etag = ?`,
    };
  }

  private parse(row: Row): Versioned<T> {
    return { value: this.spec.schema.parse(JSON.parse(row.doc)), etag: row.etag };
  }

  private serialize(doc: T): string {
    return JSON.stringify(this.spec.schema.parse(doc));
  }

  async get(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    const row = this.prepare(this.sql.get).get(tenantId, id) as Row | undefined;
    return row ? this.parse(row) : undefined;
  }

  async create(doc: T): Promise<Versioned<T>> {
    const json = this.serialize(doc);
    const etag = randomUUID();
    const result = this.prepare(this.sql.insert).run(doc.tenantId, doc.id, etag, json);
    if (result.changes !== 1) throw new ConflictError(`${this.spec.name}/${doc.id} already exists`);
    return { value: JSON.parse(json) as T, etag };
  }

  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    const json = this.serialize(doc);
    const next = randomUUID();
    const result = this.prepare(this.sql.replace).run(json, next, doc.tenantId, doc.id, etag);
    if (result.changes !== 1) {
      if (!this.prepare(this.sql.exists).get(doc.tenantId, doc.id)) throw new NotFoundError(`${this.spec.name}/${doc.id} not found`);
      throw new ConflictError(`${this.spec.name}/${doc.id} was changed by someone else`);
    }
    return { value: JSON.parse(json) as T, etag: next };
  }

  async upsert(doc: T): Promise<Versioned<T>> {
    const json = this.serialize(doc);
    const etag = randomUUID();
    this.prepare(this.sql.upsert).run(doc.tenantId, doc.id, etag, json);
    return { value: JSON.parse(json) as T, etag };
  }

  async delete(tenantId: string, id: string, etag?: string): Promise<boolean> {
    if (etag === undefined) return this.prepare(this.sql.delete).run(tenantId, id).changes === 1;
    if (this.prepare(this.sql.deleteVersion).run(tenantId, id, etag).changes === 1) return true;
    if (this.prepare(this.sql.exists).get(tenantId, id)) throw new ConflictError(`${this.spec.name}/${id} was changed by someone else`);
    return false;
  }

  async query(q: Query): Promise<Page<Versioned<T>>> {
    assertQueryFields(this.spec as unknown as CollectionSpec<BaseDocument>, q);
    const clauses: string[] = [];
    const params: Array<string | number | null> = [];
    if (q.tenantId !== undefined) {
      clauses.push('tenant_id = ?');
      params.push(q.tenantId);
    }
    for (const f of q.where ?? []) {
      clauses.push(`${fieldExpr(f.field)} ${f.op} ?`);
      params.push(sqlValue(f.value));
    }
    const orderField = q.orderBy?.field ?? 'id';
    const desc = q.orderBy?.direction === 'desc';
    const ord = fieldExpr(orderField);
    if (q.continuation) {
      const pos = decodeContinuation(q.continuation);
      const cmp = desc ? '<' : '>';
      if (orderField === 'id') {
        clauses.push(`id ${cmp} ?`);
        params.push(pos.id);
      } else {
        clauses.push(`(${ord} ${cmp} ? OR (${ord} = ? AND id ${cmp} ?))`);
        params.push(sqlValue(pos.v), sqlValue(pos.v), pos.id);
      }
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const dir = desc ? 'DESC' : 'ASC';
    // "+id": ordering by id must not pull SQLite onto the primary key (a scan of the tenant) when a
    // filter has an index of its own (e.g. externalId); the few matching rows are sorted instead.
    const byId = (q.where ?? []).some((f) => f.field !== 'id') ? '+id' : 'id';
    const orderSql = orderField === 'id' ? `${byId} ${dir}` : `${ord} ${dir}, id ${dir}`;
    const sql = `SELECT id, doc, etag, ${ord} AS ord FROM ${this.table} ${where} ORDER BY ${orderSql} LIMIT ?`;
    const rows = this.prepare(sql).all(...params, q.pageSize + 1) as Row[];
    const more = rows.length > q.pageSize;
    const pageRows = more ? rows.slice(0, q.pageSize) : rows;
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map((r) => this.parse(r)),
      continuation: more && last ? encodeContinuation({ v: (last.ord as FieldValue | null) ?? null, id: last.id }) : undefined,
    };
  }
}
