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
  storedDocument,
} from './documentStore';
import { bindable, columnFields, columnValues, fieldColumn, ident } from './sqliteColumns';
import type { Bound, Row, TableShape, Written } from './sqliteTable';
import type { SqliteTables } from './sqliteTables';

interface Serialized {
  json: string;
  columns: Bound[];
}

function sqlValue(v: FieldValue | null): string | number | null {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/**
 * One collection's table: the JSON document plus one column per query field (sqliteColumns.ts).
 * This validates and serializes documents; reading and writing the rows is SqliteTable's, on this
 * thread or on the store's own (sqliteTables.ts).
 */
export class SqliteCollection<T extends BaseDocument> implements Collection<T> {
  private readonly shape: TableShape;
  private readonly fields: string[];

  /**
   * @param tag this build's code tag: written beside every document this collection validated, and
   *   a row carrying it is read without running the schema again (see codeTag.ts).
   */
  constructor(
    private readonly tables: SqliteTables,
    private readonly spec: CollectionSpec<T>,
    private readonly tag: string,
  ) {
    this.fields = columnFields(spec as unknown as CollectionSpec<BaseDocument>);
    this.shape = { table: ident(spec.name), columns: this.fields.map(fieldColumn) };
  }

  /** A row this very build validated before writing it is taken as it is; any other is validated. */
  private parse(row: Row): Versioned<T> {
    const doc: unknown = JSON.parse(row.doc);
    return { value: row.validated_by === this.tag ? (doc as T) : this.spec.schema.parse(doc), etag: row.etag };
  }

  private serialize(doc: T): Serialized {
    const stored = storedDocument(this.spec, doc);
    return { json: JSON.stringify(stored), columns: columnValues(this.fields, stored).map(bindable) };
  }

  /** The stored version, or the error that says why there is none. */
  private written(s: Serialized, w: Written, id: string, conflict: string): Versioned<T> {
    if ('refused' in w) throw w.refused === 'notFound' ? new NotFoundError(`${this.spec.name}/${id} not found`) : new ConflictError(`${this.spec.name}/${id} ${conflict}`);
    return { value: JSON.parse(s.json) as T, etag: w.etag };
  }

  async get(tenantId: string, id: string): Promise<Versioned<T> | undefined> {
    const row = await this.tables.run(this.shape, 'get', tenantId, id);
    return row ? this.parse(row) : undefined;
  }

  async create(doc: T): Promise<Versioned<T>> {
    const s = this.serialize(doc);
    return this.written(s, await this.tables.run(this.shape, 'insert', doc.tenantId, doc.id, this.tag, s.json, s.columns), doc.id, 'already exists');
  }

  async replace(doc: T, etag: string): Promise<Versioned<T>> {
    const s = this.serialize(doc);
    const w = await this.tables.run(this.shape, 'replace', doc.tenantId, doc.id, etag, this.tag, s.json, s.columns);
    return this.written(s, w, doc.id, 'was changed by someone else');
  }

  async upsert(doc: T): Promise<Versioned<T>> {
    const s = this.serialize(doc);
    return this.written(s, await this.tables.run(this.shape, 'upsert', doc.tenantId, doc.id, this.tag, s.json, s.columns), doc.id, 'was changed by someone else');
  }

  async delete(tenantId: string, id: string, etag?: string): Promise<boolean> {
    const outcome = await this.tables.run(this.shape, 'delete', tenantId, id, etag);
    if (outcome === 'conflict') throw new ConflictError(`${this.spec.name}/${id} was changed by someone else`);
    return outcome === 'deleted';
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
    const sql = `SELECT id, doc, etag, validated_by, ${ord} AS ord FROM ${this.shape.table} ${where} ORDER BY ${orderSql} LIMIT ?`;
    const rows = await this.tables.run(this.shape, 'all', sql, [...params, q.pageSize + 1]);
    const more = rows.length > q.pageSize;
    const pageRows = more ? rows.slice(0, q.pageSize) : rows;
    const last = pageRows[pageRows.length - 1];
    return {
      items: pageRows.map((r) => this.parse(r)),
      continuation: more && last ? encodeContinuation({ v: (last.ord as FieldValue | null) ?? null, id: last.id }) : undefined,
    };
  }
}
