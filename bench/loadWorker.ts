/**
 * The load generator in its own process, so that it never competes with a server for an event
 * loop: the parent (bench/load.ts) sends a LoadSpec over IPC and gets a LoadResult.
 */
import type { LoadSpec } from './load';
import { runLoad } from './loadRunner';

process.on('message', (message: { id: number; spec: LoadSpec }) => {
  runLoad(message.spec).then(
    (result) => process.send!({ id: message.id, result }),
    (err: unknown) => process.send!({ id: message.id, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
  );
});
