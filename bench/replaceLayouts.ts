/**
 * The two layouts' replace, for bench/replaceCost.ts. OldLayoutReplace is the earlier store's
 * replace statement for statement (services/store/sqliteStore.ts at fa3d7e0), on a table built with
 * the earlier DDL. ColumnLayoutStatements runs the SQL the current store runs for a replace (read
 * the row's version and field columns, UPDATE setting only the changed ones), without the JS around
 * it: the "SQL alone" breakdown. The headline figure goes through the store itself.
 */
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../services/errors';
import type { Opportunity } from '../services/opportunities/opportunity';
import type { BaseDocument, CollectionSpec, Versioned } from '../services/store/documentStore';
import { bindable, columnFields, columnValues, fieldColumn } from '../services/store/sqliteColumns';
import { oldReplaceSql } from '../test/helpers/sqliteOldLayout';

export class OldLayoutReplace {
  private readonly update: Database.Statement;
  private readonly exists: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly spec: CollectionSpec<Opportunity>,
  ) {
    this.update = db.prepare(oldReplaceSql(spec.name));
    this.exists = db.prepare(`SELECT 1 FROM "${spec.name}" WHERE tenant_id = ? AND id = ?`);
  }

  async replace(doc: Opportunity, etag: string): Promise<Versioned<Opportunity>> {
    const json = JSON.stringify(this.spec.schema.parse(doc));
    const next = this.statements(doc, json, etag);
    return { value: JSON.parse(json) as Opportunity, etag: next };
  }

  statements(doc: Opportunity, json: string, etag: string): string {
    const next = randomUUID();
    if (this.update.run(json, next, doc.tenantId, doc.id, etag).changes !== 1) {
      if (!this.exists.get(doc.tenantId, doc.id)) throw new Error(`${doc.id} not found`);
      throw new ConflictError(`${doc.id} was changed by someone else`);
    }
    return next;
  }
}

export class ColumnLayoutStatements {
  private readonly fields: string[];
  private readonly current: Database.Statement;
  private readonly updates = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly spec: CollectionSpec<Opportunity>,
  ) {
    this.fields = columnFields(spec as unknown as CollectionSpec<BaseDocument>);
    this.current = db
      .prepare(`SELECT etag${this.fields.map((f) => `, ${fieldColumn(f)}`).join('')} FROM "${spec.name}" WHERE tenant_id = ? AND id = ?`)
      .safeIntegers(true)
      .raw(true);
  }

  statements(doc: Opportunity, json: string, etag: string): string {
    const row = this.current.get(doc.tenantId, doc.id) as unknown[] | undefined;
    if (!row) throw new Error(`${doc.id} not found`);
    if (row[0] !== etag) throw new ConflictError(`${doc.id} was changed by someone else`);
    const next = randomUUID();
    let set = '';
    const params: unknown[] = [json, next];
    columnValues(this.fields, doc).forEach((value, i) => {
      const bound = bindable(value);
      if (bound !== row[i + 1]) {
        set += `, ${fieldColumn(this.fields[i]!)} = ?`;
        params.push(bound);
      }
    });
    const sql = `UPDATE "${this.spec.name}" SET doc = ?, etag = ?${set} WHERE tenant_id = ? AND id = ? AND etag = ?`;
    let update = this.updates.get(sql);
    if (!update) this.updates.set(sql, (update = this.db.prepare(sql)));
    if (update.run(...params, doc.tenantId, doc.id, etag).changes !== 1) throw new ConflictError(`${doc.id} was changed by someone else`);
    return next;
  }
}
