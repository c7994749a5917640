import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BaseDocument, Collection, CollectionSpec, DocumentStore } from './documentStore';
import { codeTag } from './codeTag';
import { SqliteCheckpointer } from './sqliteCheckpointer';
import { SqliteCollection } from './sqliteCollection';
import { ensureTable } from './sqliteSchema';

/** How often the worker thread checkpoints the log: small logs, short copies. */
const DEFAULT_CHECKPOINT_MS = 200;
const SAFETY_CHECKPOINT_PAGES = 16_384;

/**
 * Embedded store: one table per collection, each document as JSON plus its query fields as indexed
 * columns (sqliteColumns.ts). Tables are created, or migrated from the earlier layout, on first use.
 */
export class SqliteStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly prepared = new Set<string>();
  /**
   * Compiled statements by SQL text. Compiling is a large part of a small query's cost, and the
   * texts are few (one per operation, query shape and set of changed field columns), so each is
   * compiled once.
   */
  private readonly statements = new Map<string, Database.Statement>();

  private readonly checkpointer?: SqliteCheckpointer;

  private readonly tag: string;

  /** `codeTag` names the build that validates documents (codeTag.ts); tests pass another to play an older or newer build. */
  constructor(path: string, options: { checkpointIntervalMs?: number; codeTag?: string } = {}) {
    this.tag = options.codeTag ?? codeTag();
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    if (path !== ':memory:') {
      // The log is checkpointed from a worker thread (see sqliteCheckpointer.ts); this connection
      // only does it itself past ~64 MB of log, should that thread ever stop.
      this.db.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
      this.db.pragma(`journal_size_limit = ${SAFETY_CHECKPOINT_PAGES * 4096}`);
      this.checkpointer = new SqliteCheckpointer(path, options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_MS);
    }
  }

  async init(): Promise<void> {
    // Tables are created lazily per collection; nothing else to prepare.
  }

  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T> {
    if (!this.prepared.has(spec.name)) {
      ensureTable(this.db, spec as unknown as CollectionSpec<BaseDocument>);
      this.prepared.add(spec.name);
    }
    return new SqliteCollection<T>((sql) => this.statement(sql), spec, this.tag);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}
