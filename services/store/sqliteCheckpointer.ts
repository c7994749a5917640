import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a worker thread.
 *
 * In WAL mode a commit only appends to the log; every ~1,000 pages SQLite's automatic checkpoint
 * copies the log into the database and syncs the file to disk, inside whichever write happens to
 * cross the line: that write then stalls every operation queued behind it for the copy and the
 * fsync (measured: ~45 µs of every update, in 10 ms stalls). Here a connection in a thread of its
 * own checkpoints a few times a second instead (PASSIVE: it never waits for, nor blocks, the
 * writer), and the writing connections' automatic checkpoint is only a far-off safety net should
 * this thread ever stop (sqliteConnection.ts).
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(path: string, intervalMs: number) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: require.resolve('better-sqlite3'), path, intervalMs } satisfies CheckpointerData,
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A failed checkpoint thread must not take the bot down: the safety net takes over.
    this.worker.on('error', () => undefined);
    // It must not keep a finished process alive either.
    this.worker.unref();
  }

  /**
   * A last checkpoint, then the thread's connection closes; resolves when the thread is gone. The
   * thread keeps the process alive meanwhile: otherwise a process with nothing else left to do would
   * end in the middle of this wait, before the last checkpoint, and never reach what follows close.
   */
  async stop(): Promise<void> {
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}

interface CheckpointerData {
  module: string;
  path: string;
  intervalMs: number;
}

/** The thread's code (plain CommonJS: it runs as is, from the compiled bot and from ts-jest alike). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;
