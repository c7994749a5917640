import type Database from 'better-sqlite3';
import type { BaseDocument, CollectionSpec } from './documentStore';
import { columnFields, fieldColumn, fieldColumnName, ident } from './sqliteColumns';

/**
 * Creates a collection's table, or brings an existing one to the current layout: one column per
 * query field (filled from the stored JSON with json_extract, which is what the expression indexes
 * of the earlier layout computed), the indexes on those columns, and none of the store's indexes
 * that the declaration no longer asks for (the earlier expression indexes among them). A field
 * added to `queryFields` later is migrated the same way.
 */

/** Names of the store's own indexes: `ix_` were the expression indexes, `ixc_` are on columns. */
const OLD_PREFIX = 'ix_';
const PREFIX = 'ixc_';

interface IndexDef {
  name: string;
  columns: string;
  /** A partial index's condition. */
  where?: string;
}

/**
 * The indexes a collection declares, on its field columns (tenant first unless global). A global
 * index holds only the rows that have its first field, as Cosmos DB's range index does: the due
 * index then holds what can come due, not every answered referral, and answering one removes its
 * entry instead of moving it (one page less to write per answer).
 */
export function declaredIndexes(spec: CollectionSpec<BaseDocument>): IndexDef[] {
  const make = (cols: ReadonlyArray<string>): IndexDef => ({
    name: `${PREFIX}${spec.name}_${cols.join('_')}`,
    columns: ['tenant_id', ...cols.map(fieldColumn)].join(', '),
  });
  const makeGlobal = (cols: ReadonlyArray<string>): IndexDef => ({
    name: `${PREFIX}${spec.name}_gp_${cols.join('_')}`,
    columns: cols.map(fieldColumn).join(', '),
    where: `${fieldColumn(cols[0]!)} IS NOT NULL`,
  });
  return [...spec.indexes.map(make), ...(spec.globalIndexes ?? []).map(makeGlobal)];
}

export function ensureTable(db: Database.Database, spec: CollectionSpec<BaseDocument>): void {
  const table = ident(spec.name);
  const fields = columnFields(spec);
  // IMMEDIATE: another process opening the same file waits, then finds the work done.
  db.transaction(() => {
    const fieldDefs = fields.map((f) => `, ${fieldColumn(f)}`).join('');
    // Field columns have no declared type, so SQLite stores each value as bound, converting nothing
    // (a TEXT column would turn numbers into text): comparisons behave as on json_extract's result.
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (tenant_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, validated_by TEXT, doc TEXT NOT NULL${fieldDefs}, PRIMARY KEY (tenant_id, id))`,
    );
    const present = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').all(spec.name) as Array<{ name: string }>).map((c) => c.name));
    // Rows from before the column have no tag: they are validated on read until rewritten.
    if (!present.has('validated_by')) db.exec(`ALTER TABLE ${table} ADD COLUMN validated_by TEXT`);
    const missing = fields.filter((f) => !present.has(fieldColumnName(f)));
    for (const f of missing) db.exec(`ALTER TABLE ${table} ADD COLUMN ${fieldColumn(f)}`);
    if (missing.length) {
      db.exec(`UPDATE ${table} SET ${missing.map((f) => `${fieldColumn(f)} = json_extract(doc, '$.${f}')`).join(', ')}`);
    }
    const wanted = declaredIndexes(spec);
    for (const ix of wanted) db.exec(`CREATE INDEX IF NOT EXISTS ${ident(ix.name)} ON ${table} (${ix.columns})${ix.where ? ` WHERE ${ix.where}` : ''}`);
    const names = new Set(wanted.map((ix) => ix.name));
    const existing = db.prepare("SELECT name FROM pragma_index_list(?) WHERE origin = 'c'").all(spec.name) as Array<{ name: string }>;
    for (const { name } of existing) {
      const ours = name.startsWith(`${OLD_PREFIX}${spec.name}_`) || name.startsWith(`${PREFIX}${spec.name}_`);
      if (ours && !names.has(name)) db.exec(`DROP INDEX ${ident(name)}`);
    }
  }).immediate();
}
