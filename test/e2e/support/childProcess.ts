import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/** Every child started here, so that none outlives the test run, even when a test fails or times out. */
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.on('exit', killAll);
// Stopped from outside (Ctrl+C, a CI time limit): take the children along, then stop as asked.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export interface StartedProcess {
  readonly name: string;
  readonly logFile: string;
  /** The first captured group of the first stdout line matching `ready`. */
  readonly readyMatch: string;
  /** Everything the process printed so far (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** A stdout line that says the process is ready; its first group is returned (e.g. the port). */
  ready: RegExp;
  timeoutMs: number;
}

/** Starts a process, logs its output to a file, and waits until it prints its ready line. */
export function startProcess(o: StartOptions): Promise<StartedProcess> {
  const log: WriteStream = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(o.command, o.args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  let pending = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    running.delete(child);
    log.end();
  });

  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop(1000).then(() => reject(new Error(`${o.name} ${why}; see ${o.logFile}\n${output.slice(-2000)}`)));
    };
    const timer = setTimeout(() => fail(`was not ready within ${o.timeoutMs} ms`), o.timeoutMs);
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    child.once('exit', (code, signal) => fail(`exited early (${code ?? signal})`));
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      log.write(chunk);
      if (settled) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = o.ready.exec(line);
        if (match) {
          settled = true;
          clearTimeout(timer);
          resolve({ name: o.name, logFile: o.logFile, readyMatch: match[1] ?? '', output: () => output, stop });
          return;
        }
      }
    });
  });
}
