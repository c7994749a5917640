import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors';
import { decodeContinuation, encodeContinuation } from './continuation';
import {
  assertQueryFields,
  type BaseDocument,
  type Collection,
  type CollectionSpec,
  type FieldValue,
  type Page,
  type Query,
  type Versioned,
} from './documentStore';
import { bindable, columnFields, columnValues, fieldColumn, ident, type ColumnValue } from './sqliteColumns';

/** `validated_by`: the code tag (codeTag.ts) of the build that validated `doc` before writing it. */
type Row = { doc: string; etag: string; id: string; validated_by: string | null; ord?: unknown };
/** A column value as bound and as read back with safe integers: whole numbers are bigint. */
type Bound = ColumnValue | bigint;

interface Serialized {
  json: string;
  columns: Bound[];
}

/** The stored version of a row and its field columns' values, to write only what changes. */
interface Current {
  etag: string;
  columns: Bound[];
}

function sqlValue(v: FieldValue | null): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/** One collection's table: the JSON document plus one column per query field (sqliteColumns.ts). */
export class SqliteCollection<T extends BaseDocument> implements Collection<T> {
  private readonly table: string;
  private readonly fields: string[];
  private readonly columns: string[];
  private readonly sql: Record<'get' | 'current' | 'exists' | 'insert' | 'upsert' | 'delete' | 'deleteVersion', string>;

  /**
   * @param tag this build's code tag: written beside every document this collection validated, and
   *   a row carrying it is read without running the schema again (see codeTag.ts).
   */
  constructor(
    private readonly prepare: (sql: string) => Database.Statement,
    private readonly spec: CollectionSpec<T>,
    private readonly tag: string,
  ) {
    const table = (this.table = ident(spec.name));
    this.fields = columnFields(spec as unknown as CollectionSpec<BaseDocument>);
    const columns = (this.columns = this.fields.map(fieldColumn));
    const names = columns.map((c) => `, ${c}`).join('');
    const marks = columns.map(() => ', ?').join('');
    this.sql = {
      get: `SELECT id, doc, etag, validated_by FROM ${table} WHERE tenant_id = ? AND id = ?`,
      current: `SELECT etag${names} FROM ${table} WHERE tenant_id = ? AND id = ?`,
      exists: `SELECT 1 FROM ${table} WHERE tenant_id = ? AND id = ?`,
      insert: `INSERT INTO ${table} (tenant_id, id, etag, validated_by, doc${names}) VALUES (?, ?, ?, ?, ?${marks}) ON CONFLICT DO NOTHING`,
      upsert: `INSERT INTO ${table} (tenant_id, id, etag, validated_by, doc${names}) VALUES (?, ?, ?, ?, ?${marks})
               ON CONFLICT (tenant_id, id) DO UPDATE SET doc = excluded.doc, etag = excluded.etag, validated_by = excluded.validated_by${columns.map((c) => `, ${c} = excluded.${c}`).join('')}`,
      delete: `DELETE FROM ${table} WHERE tenant_id = ? AND id = ?`,
      deleteVersion: `DELETE FROM ${table} WHERE tenant_id = ? AND id = ? AND etag = ?`,
    };
  }

  /** A row this very build validated before writing it is taken as it is; any other is validated. */
  private parse(row: Row): Versioned<T> {
    const doc: unknown = JSON.parse(row.doc);
    return { value: row.validated_by === this.tag ? (doc as T) : this.spec.schema.parse(doc), etag: row.etag };
  }

  private serialize(doc: T): Serialized {
    const valid = this.spec.schema.parse(doc);
    const stored = this.spec.stamp ? this.spec.stamp(valid) : valid;
    return { json: JSON.stringify(stored), columns: columnValues(this.fields, stored).map(bindable) };
  }

  private current(tenantId: string, id: string): Current | undefined {
    // Safe integers: a whole number reads back as the bigint it was bound as, so equal values compare equal.
    const row = this.prepare(this.sql.current).safeIntegers(true).raw(true).get(tenantId, id) as [string, ...Bound[]] | undefined;
    return row ? { etag: row[0], columns: row.slice(1) as Bound[] } : undefined;
  }

  /**
   * Writes the document as version `next` if the row is still at `current.etag`, setting only the
   * field columns whose value differs from `current`: SQLite then rewrites only the indexes on
   * those columns. `current` was read by the caller in the same synchronous call; if another
   * process wrote the row in between, its ETag moved and this UPDATE changes nothing (returns 0),
   * so stale column values can never be left behind.
   */
  private update(doc: T, s: Serialized, current: Current, next: string): number {
    let set = '';
    const params: Bound[] = [s.json, next, this.tag];
    s.columns.forEach((value, i) => {
      if (value !== current.columns[i]) {
        set += `, ${this.columns[i]} = ?`;
        params.push(value);
      }
    });
    const sql = `UPDATE ${this.table} SET doc = ?, etag = ?, validated_by = ?${set} WHERE tenant_id = ? AND id = ? AND etag = ?`;
    return this.prepare(sql).run(...params, doc.tenantId, doc.id, current.etag).changes;
  }

  async get(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    const row = this.prepare(this.sql.get).get(tenantId, id) as Row | undefined;
    return row ? this.parse(row) : undefined;
  }

  async create(doc: T): Promise<Versioned<T>> {
    const s = this.serialize(doc);
    const etag = randomUUID();
    const result = this.prepare(this.sql.insert).run(doc.tenantId, doc.id, etag, this.tag, s.json, ...s.columns);
    if (result.changes !== 1) throw new ConflictError(`${this.spec.name}/${doc.id} already exists`);
    return { value: JSON.parse(s.json) as T, etag };
  }

  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    const s = this.serialize(doc);
    const current = this.current(doc.tenantId, doc.id);
    if (!current) throw new NotFoundError(`${this.spec.name}/${doc.id} not found`);
    const conflict = () => new ConflictError(`${this.spec.name}/${doc.id} was changed by someone else`);
    // A stale ETag is refused before writing anything (the UPDATE would refuse it too).
    if (current.etag !== etag) throw conflict();
    const next = randomUUID();
    if (this.update(doc, s, current, next) !== 1) {
      if (!this.prepare(this.sql.exists).get(doc.tenantId, doc.id)) throw new NotFoundError(`${this.spec.name}/${doc.id} not found`);
      throw conflict();
    }
    return { value: JSON.parse(s.json) as T, etag: next };
  }

  async upsert(doc: T): Promise<Versioned<T>> {
    const s = this.serialize(doc);
    const etag = randomUUID();
    const current = this.current(doc.tenantId, doc.id);
    const written = current ? this.update(doc, s, current, etag) : this.prepare(this.sql.insert).run(doc.tenantId, doc.id, etag, this.tag, s.json, ...s.columns).changes;
    // Another process wrote or removed the row between the read and the write: set every column.
    if (written !== 1) this.prepare(this.sql.upsert).run(doc.tenantId, doc.id, etag, this.tag, s.json, ...s.columns);
    return { value: JSON.parse(s.json) as T, etag };
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
      clauses.push(`${fieldColumn(f.field)} ${f.op} ?`);
      params.push(sqlValue(f.value));
    }
    const orderField = q.orderBy?.field ?? 'id';
    const desc = q.orderBy?.direction === 'desc';
    const ord = fieldColumn(orderField);
    if (q.continuation) {
      const pos = decodeContinuation(q.continuation);
      const cmp = desc ? '<' : '>';
      if (orderField === 'id') {
        clauses.push(`id ${cmp} ?`);
        params.push(pos.id);
      } else {
        // The leading `<=` / `>=` says the same as the rest for the index: it starts at the cursor
        // instead of walking the tenant's entries from the top to find it.
        clauses.push(`${ord} ${cmp}= ? AND (${ord} ${cmp} ? OR (${ord} = ? AND id ${cmp} ?))`);
        params.push(sqlValue(pos.v), sqlValue(pos.v), sqlValue(pos.v), pos.id);
      }
    }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const dir = desc ? 'DESC' : 'ASC';
    // "+id": ordering by id must not pull SQLite onto the primary key (a scan of the tenant) when a
    // filter has an index of its own (e.g. externalId); the few matching rows are sorted instead.
    const byId = (q.where ?? []).some((f) => f.field !== 'id') ? '+id' : 'id';
    const orderSql = orderField === 'id' ? `${byId} ${dir}` : `${ord} ${dir}, id ${dir}`;
    const sql = `SELECT id, doc, etag, validated_by, ${ord} AS ord FROM ${this.table} ${where} ORDER BY ${orderSql} LIMIT ?`;
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
