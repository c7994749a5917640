import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BaseDocument, Collection, CollectionSpec, DocumentStore } from './documentStore';
import { codeTag } from './codeTag';
import { SqliteCheckpointer } from './sqliteCheckpointer';
import { SqliteCollection } from './sqliteCollection';
import { openConnection, statementCache } from './sqliteConnection';
import { ensureTable } from './sqliteSchema';
import { LocalTables, ThreadTables, type SqliteTables } from './sqliteTables';

/** How often the worker thread checkpoints the log: small logs, short copies. */
const DEFAULT_CHECKPOINT_MS = 200;

export interface SqliteStoreOptions {
  checkpointIntervalMs?: number;
  /** Names the build that validates documents (codeTag.ts); tests pass another to play an older or newer build. */
  codeTag?: string;
  /**
   * Where the documents are read and written: `main`, this thread (the default, and always for
   * `:memory:`), or `own`, a thread of the store's own (sqliteTables.ts), which the bot uses.
   */
  thread?: 'main' | 'own';
}

/**
 * Embedded store: one table per collection, each document as JSON plus its query fields as indexed
 * columns (sqliteColumns.ts). Tables are created, or migrated from the earlier layout, on first use
 * (on this thread's connection, whichever thread then reads and writes the documents).
 */
export class SqliteStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly prepared = new Set<string>();
  private readonly statement: (sql: string) => Database.Statement;
  private readonly tables: SqliteTables;
  private readonly checkpointer?: SqliteCheckpointer;
  private readonly tag: string;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.tag = options.codeTag ?? codeTag();
    const file = path !== ':memory:';
    if (file) mkdirSync(dirname(path), { recursive: true });
    this.db = openConnection(path);
    this.statement = statementCache(this.db);
    this.tables = file && options.thread === 'own' ? new ThreadTables(path) : new LocalTables(this.statement);
    if (file) this.checkpointer = new SqliteCheckpointer(path, options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_MS);
  }

  async init(): Promise<void> {
    // Tables are created lazily per collection; nothing else to prepare.
  }

  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T> {
    if (!this.prepared.has(spec.name)) {
      ensureTable(this.db, spec as unknown as CollectionSpec<BaseDocument>);
      this.prepared.add(spec.name);
    }
    return new SqliteCollection<T>(this.tables, spec, this.tag);
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
    await this.tables.ping();
  }

  /** What was asked of the store is answered first; then its threads and connection close. */
  async close(): Promise<void> {
    await this.tables.close();
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
