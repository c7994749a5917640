import Database from 'better-sqlite3';
import { SqliteTable, type TableShape } from './sqliteTable';

/** Pages of log past which a writing connection checkpoints by itself (the checkpoint thread normally does it long before). */
const SAFETY_CHECKPOINT_PAGES = 16_384;

/**
 * A connection as the store uses one, on whichever thread: write-ahead log, commits synced at
 * checkpoints, waits for a busy file instead of failing. The log is checkpointed from a thread of
 * its own (sqliteCheckpointer.ts); a connection only does it itself past ~64 MB of log, should that
 * thread ever stop.
 */
export function openConnection(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  if (path !== ':memory:') {
    db.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${SAFETY_CHECKPOINT_PAGES * 4096}`);
  }
  return db;
}

/**
 * Compiled statements by SQL text. Compiling is a large part of a small query's cost, and the texts
 * are few (one per operation, query shape and set of changed field columns), so each is compiled once.
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

/** One SqliteTable per table over one connection's statements. */
export function tablesOver(prepare: (sql: string) => Database.Statement): (shape: TableShape) => SqliteTable {
  const tables = new Map<string, SqliteTable>();
  return (shape) => {
    let table = tables.get(shape.table);
    if (!table) {
      table = new SqliteTable(prepare, shape);
      tables.set(shape.table, table);
    }
    return table;
  };
}
