import { parentPort, workerData } from 'node:worker_threads';
import { openConnection, statementCache, tablesOver } from './sqliteConnection';
import type { TableCall, TableReply } from './sqliteTables';

/**
 * The store's own thread (sqliteTables.ts, ThreadTables): one connection that runs every table
 * operation, one at a time in the order asked, and answers each.
 */
const port = parentPort!;
const db = openConnection((workerData as { path: string }).path);
const tableOf = tablesOver(statementCache(db));

port.on('message', (call: TableCall | 'close') => {
  if (call === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: TableReply;
  try {
    const table = tableOf(call.shape) as unknown as Record<string, (...args: unknown[]) => unknown>;
    reply = { n: call.n, result: table[call.op]!.apply(table, call.args) };
  } catch (err) {
    const e = err as { name?: string; message?: string; code?: string };
    reply = { n: call.n, error: { name: e.name ?? 'Error', message: e.message ?? String(err), code: e.code } };
  }
  port.postMessage(reply);
});
