/**
 * Drives an HTTP endpoint from a separate process (bench/loadWorker.ts) and reports turns/s and
 * latency. Baseline and real path go through the same generator with the same plans.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { SCRIPTS, stopChild } from './processes';

export type LoadPlan =
  /** Connection i sends sequences[i % n] in a loop: one conversation per connection, turns in order. */
  | { kind: 'perConnection'; sequences: string[][] }
  /**
   * Each body once, in order, by whichever connection is free; the run ends when all are sent, or
   * when `seconds` are over (then the pool must outlast them: `overrun` counts repeats).
   */
  | { kind: 'pool'; bodies: string[] };

export interface LoadSpec {
  url: string;
  connections: number;
  /** Duration of the run. */
  seconds?: number;
  /** Or its number of requests in all. */
  amount?: number;
  plan: LoadPlan;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  mean: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Requests beyond a pool's size (they repeated a body). */
  overrun: number;
  /** The server's CPU time (all its threads) per request, in µs, when the caller measured it. */
  cpuPerRequestUs?: number;
}

export class LoadGenerator {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();

  constructor() {
    this.child = fork(SCRIPTS.loadWorker, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.result) waiter?.resolve(m.result);
      else waiter?.reject(new Error(m.error ?? 'load worker failed'));
    });
    this.child.on('exit', (code) => {
      for (const w of this.pending.values()) w.reject(new Error(`load worker exited with ${code}`));
      this.pending.clear();
    });
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, spec });
    });
  }

  close(): Promise<void> {
    return stopChild(this.child);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Several short rounds of one server, as one figure: counts add up, rates and latencies are the
 * median round's (rounds of baseline and real path alternate, so a burst of load from elsewhere on
 * the machine spoils one round of each rather than one side of the comparison).
 */
export function combineRounds(rounds: ReadonlyArray<LoadResult>): LoadResult {
  const sum = (f: (r: LoadResult) => number) => rounds.reduce((n, r) => n + f(r), 0);
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [k, v] of Object.entries(r.statusCodes)) statusCodes[k] = (statusCodes[k] ?? 0) + v;
  return {
    requests: sum((r) => r.requests),
    seconds: sum((r) => r.seconds),
    perSecond: median(rounds.map((r) => r.perSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    mean: median(rounds.map((r) => r.mean)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    statusCodes,
    overrun: sum((r) => r.overrun),
    cpuPerRequestUs: rounds.every((r) => r.cpuPerRequestUs !== undefined) ? median(rounds.map((r) => r.cpuPerRequestUs ?? 0)) : undefined,
  };
}
