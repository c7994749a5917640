import type Database from 'better-sqlite3';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tablesOver } from './sqliteConnection';
import type { SqliteTable, TableShape } from './sqliteTable';

export type TableOp = 'get' | 'all' | 'insert' | 'replace' | 'upsert' | 'delete';
type Args<K extends TableOp> = Parameters<SqliteTable[K]>;
type Result<K extends TableOp> = ReturnType<SqliteTable[K]>;

/** A table operation sent to the store's thread, and its answer. */
export interface TableCall {
  n: number;
  shape: TableShape;
  op: TableOp;
  args: unknown[];
}
export type TableReply = { n: number; result: unknown } | { n: number; error: { name: string; message: string; code?: string } };

/** Where the collections' table operations run (SqliteTable): on the bot's thread, or on the store's own. */
export interface SqliteTables {
  run<K extends TableOp>(shape: TableShape, op: K, ...args: Args<K>): Promise<Result<K>>;
  /** Throws when documents can no longer be reached this way (for the health check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** On the calling thread, over the store's connection (the only way to an in-memory database). */
export class LocalTables implements SqliteTables {
  private readonly tableOf: (shape: TableShape) => SqliteTable;

  constructor(prepare: (sql: string) => Database.Statement) {
    this.tableOf = tablesOver(prepare);
  }

  async run<K extends TableOp>(shape: TableShape, op: K, ...args: Args<K>): Promise<Result<K>> {
    const table = this.tableOf(shape);
    return (table[op] as (...a: Args<K>) => Result<K>).apply(table, args);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * On a thread of the store's own, with its own connection (sqliteWorker.ts): the bot's event loop
 * only posts each operation and takes its answer, while SQLite's work (reading pages, writing the
 * log, locking) runs beside it. Operations run one at a time in the order they were asked, each as
 * atomic as on one thread; an answer comes once its write is committed. The thread keeps the
 * process alive only while something waits for it.
 */
export class ThreadTables implements SqliteTables {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private next = 0;
  private failure?: Error;

  constructor(path: string) {
    // From the compiled bot the thread is plain JavaScript; under ts-jest it is TypeScript.
    const typescript = extname(__filename) === '.ts';
    this.worker = new Worker(join(__dirname, `sqliteWorker${extname(__filename)}`), {
      workerData: { path },
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : undefined,
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (reply: TableReply) => this.settle(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new Error('the SQLite thread stopped')));
    this.worker.unref();
  }

  run<K extends TableOp>(shape: TableShape, op: K, ...args: Args<K>): Promise<Result<K>> {
    if (this.failure) return Promise.reject(this.failure);
    const n = this.next++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.worker.ref();
      this.waiting.set(n, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ n, shape, op, args } satisfies TableCall);
    });
  }

  async ping(): Promise<void> {
    if (this.failure) throw this.failure;
  }

  /** Answers what was asked before, then closes the thread's connection. */
  async close(): Promise<void> {
    if (!this.failure) {
      this.worker.ref();
      this.worker.postMessage('close');
    }
    await this.exited;
  }

  private settle(reply: TableReply): void {
    const waiting = this.waiting.get(reply.n);
    if (!waiting) return;
    this.waiting.delete(reply.n);
    if (this.waiting.size === 0) this.worker.unref();
    if ('error' in reply) waiting.reject(Object.assign(new Error(reply.error.message), reply.error));
    else waiting.resolve(reply.result);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiting of this.waiting.values()) waiting.reject(err);
    this.waiting.clear();
  }
}
