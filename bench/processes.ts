/**
 * The benchmarks run every server in its own process, as in production: the bot as `npm start`
 * runs it (`node dist/bot/index.js`), the echo bot and the connector likewise, and the load
 * generator in yet another, so nothing under test shares an event loop with anything else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Compiled entry points (the benchmarks run from dist/bench). */
export const SCRIPTS = {
  bot: join(__dirname, '..', 'bot', 'index.js'),
  echo: join(__dirname, 'echoBot.js'),
  connector: join(__dirname, 'connector.js'),
  loadWorker: join(__dirname, 'loadWorker.js'),
};

export interface ServerProcess {
  /** Origin, e.g. http://127.0.0.1:40123 */
  origin: string;
  /** The URL the process said it listens on. */
  url: string;
  pid: number;
  /** Resident set size now, in MiB (from /proc). */
  rssMiB(): number;
  /** CPU time the process has used so far, user + system, in seconds (from /proc). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** Shown in errors. */
  name: string;
}

/** Starts `node <script>` and waits for the JSON log line carrying the URL it listens on. */
export function startProcess(script: string, options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${options.name} did not start within 60 s`)), 60_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`${options.name} exited with ${code} before listening`)));
    let found = false;
    // Keep reading stdout for the process's whole life, or a full pipe would block it.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (found) return;
      let url: unknown;
      try {
        url = (JSON.parse(line) as { url?: unknown }).url;
      } catch {
        return;
      }
      if (typeof url !== 'string') return;
      found = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ origin: new URL(url).origin, url, pid: child.pid!, rssMiB: () => rssMiB(child.pid!), cpuSeconds: () => cpuSeconds(child.pid!), stop: () => stopChild(child) });
    });
  });
}

export function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** VmRSS of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux on every common platform). */
const USER_HZ = 100;

/** User + system CPU time of a process (all its threads), in seconds (Linux). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 14th
  // field of the line, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** A port that was free a moment ago (for processes whose start is timed from outside). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh folder for a benchmark's SQLite file, removed by `remove()`. */
export function scratchDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
