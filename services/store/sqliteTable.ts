import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

/** `validated_by`: the code tag (codeTag.ts) of the build that validated `doc` before writing it. */
export type Row = { doc: string; etag: string; id: string; validated_by: string | null; ord?: unknown };
/** A column value as bound and as read back with safe integers: whole numbers are bigint. */
export type Bound = string | number | null | bigint;
/** What a write did: the version it wrote, or why it wrote nothing. */
export type Written = { etag: string } | { refused: 'conflict' | 'notFound' };

/** One collection's table as the statements see it: its name and its field columns, in order. */
export interface TableShape {
  table: string;
  columns: ReadonlyArray<string>;
}

/**
 * The SQL of one collection's table. Every method is synchronous and runs on one connection, so
 * each is atomic with respect to everything else that connection does (SqliteCollection validates
 * and serializes; this only reads and writes rows). It runs on the bot's thread, or on the store's
 * own thread (sqliteWorker.ts), behind the same calls.
 */
export class SqliteTable {
  private readonly sql: Record<'get' | 'current' | 'exists' | 'insert' | 'upsert' | 'delete' | 'deleteVersion', string>;

  constructor(
    private readonly prepare: (sql: string) => Database.Statement,
    private readonly shape: TableShape,
  ) {
    const { table, columns } = shape;
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

  get(tenantId: string, id: string): Row | undefined {
    return this.prepare(this.sql.get).get(tenantId, id) as Row | undefined;
  }

  /** Rows of a query SqliteCollection built for this table. */
  all(sql: string, params: ReadonlyArray<Bound>): Row[] {
    return this.prepare(sql).all(...params) as Row[];
  }

  insert(tenantId: string, id: string, tag: string, json: string, values: ReadonlyArray<Bound>): Written {
    const etag = randomUUID();
    const changes = this.prepare(this.sql.insert).run(tenantId, id, etag, tag, json, ...values).changes;
    return changes === 1 ? { etag } : { refused: 'conflict' };
  }

  /** Writes the row if it is still at `etag`. */
  replace(tenantId: string, id: string, etag: string, tag: string, json: string, values: ReadonlyArray<Bound>): Written {
    const current = this.current(tenantId, id);
    if (!current) return { refused: 'notFound' };
    // A stale ETag is refused before writing anything (the UPDATE would refuse it too).
    if (current[0] !== etag) return { refused: 'conflict' };
    const next = randomUUID();
    if (this.update(tenantId, id, current, next, tag, json, values) !== 1) {
      return { refused: this.prepare(this.sql.exists).get(tenantId, id) ? 'conflict' : 'notFound' };
    }
    return { etag: next };
  }

  upsert(tenantId: string, id: string, tag: string, json: string, values: ReadonlyArray<Bound>): Written {
    const etag = randomUUID();
    const current = this.current(tenantId, id);
    const written = current ? this.update(tenantId, id, current, etag, tag, json, values) : this.prepare(this.sql.insert).run(tenantId, id, etag, tag, json, ...values).changes;
    // Another process wrote or removed the row between the read and the write: set every column.
    if (written !== 1) this.prepare(this.sql.upsert).run(tenantId, id, etag, tag, json, ...values);
    return { etag };
  }

  /** Removes the row (only at `etag` when given). */
  delete(tenantId: string, id: string, etag?: string): 'deleted' | 'absent' | 'conflict' {
    if (etag === undefined) return this.prepare(this.sql.delete).run(tenantId, id).changes === 1 ? 'deleted' : 'absent';
    if (this.prepare(this.sql.deleteVersion).run(tenantId, id, etag).changes === 1) return 'deleted';
    return this.prepare(this.sql.exists).get(tenantId, id) ? 'conflict' : 'absent';
  }

  /** The stored version and its field columns' values: [etag, ...columns]. */
  private current(tenantId: string, id: string): [string, ...Bound[]] | undefined {
    // Safe integers: a whole number reads back as the bigint it was bound as, so equal values compare equal.
    return this.prepare(this.sql.current).safeIntegers(true).raw(true).get(tenantId, id) as [string, ...Bound[]] | undefined;
  }

  /**
   * Writes the document as version `next` if the row is still at `current`'s ETag, setting only the
   * field columns whose value differs: SQLite then rewrites only the indexes on those columns.
   * `current` was read in the same synchronous call; if another process wrote the row in between,
   * its ETag moved and this UPDATE changes nothing (returns 0), so stale column values can never be
   * left behind.
   */
  private update(tenantId: string, id: string, current: [string, ...Bound[]], next: string, tag: string, json: string, values: ReadonlyArray<Bound>): number {
    let set = '';
    const params: Bound[] = [json, next, tag];
    values.forEach((value, i) => {
      if (value !== current[i + 1]) {
        set += `, ${this.shape.columns[i]} = ?`;
        params.push(value);
      }
    });
    const sql = `UPDATE ${this.shape.table} SET doc = ?, etag = ?, validated_by = ?${set} WHERE tenant_id = ? AND id = ? AND etag = ?`;
    return this.prepare(sql).run(...params, tenantId, id, current[0]).changes;
  }
}
