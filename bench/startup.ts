/**
 * Start time and memory at rest: from spawning `node dist/bot/index.js` (a fresh SQLite file each
 * time) to the first 200 from /healthz, against the echo bot started the same way, alternately
 * BENCH_STARTS times each (default 5; the median is shown). Run: npm run bench, or
 * node dist/bench/startup.js.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, rssMiB, SCRIPTS, scratchDir, stopChild } from './processes';
import { ratio } from './report';

export interface StartFigures {
  /** Milliseconds from spawn to the first healthy answer, median of the starts. */
  ms: number;
  min: number;
  max: number;
  /** RSS right after it answered, median, MiB. */
  rssMiB: number;
}

export interface StartupResult {
  starts: number;
  bot: StartFigures;
  echo: StartFigures;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function timeStart(script: string, env: Record<string, string>): Promise<{ ms: number; rssMiB: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  try {
    const url = `http://127.0.0.1:${port}/healthz`;
    while (!(await healthy(url))) {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error(`${script} was not healthy within 60 s`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const ms = performance.now() - started;
    return { ms, rssMiB: rssMiB(child.pid!) };
  } finally {
    await stopChild(child);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function figures(samples: Array<{ ms: number; rssMiB: number }>): StartFigures {
  const ms = samples.map((s) => s.ms);
  return { ms: median(ms), min: Math.min(...ms), max: Math.max(...ms), rssMiB: median(samples.map((s) => s.rssMiB)) };
}

export async function runStartupBenchmark(starts = Number(process.env.BENCH_STARTS ?? 5)): Promise<StartupResult> {
  const bot: Array<{ ms: number; rssMiB: number }> = [];
  const echo: Array<{ ms: number; rssMiB: number }> = [];
  await healthy('http://127.0.0.1:1/'); // the first fetch of this process pays its own set-up
  for (let i = 0; i < starts; i++) {
    echo.push(await timeStart(SCRIPTS.echo, {}));
    const dir = scratchDir('cosell-start-');
    try {
      bot.push(await timeStart(SCRIPTS.bot, { STORE: 'sqlite', SQLITE_PATH: join(dir.path, 'start.db'), LOG_LEVEL: 'warn', MicrosoftAppId: '' }));
    } finally {
      dir.remove();
    }
  }
  return { starts, bot: figures(bot), echo: figures(echo) };
}

export function printStartup(r: StartupResult): void {
  const out = (line = '') => process.stdout.write(line + '\n');
  const row = (name: string, f: StartFigures, base?: StartFigures) =>
    `${name.padEnd(22)}${f.ms.toFixed(0).padStart(8)}${`${f.min.toFixed(0)}–${f.max.toFixed(0)}`.padStart(14)}${f.rssMiB.toFixed(0).padStart(10)}  ${base ? `${ratio(f.ms, base.ms)} ${ratio(f.rssMiB, base.rssMiB)}` : ''}`;
  out(`\nStart to /healthz 200 (spawn → first healthy answer; median of ${r.starts} starts each, alternating)`);
  out(`${''.padEnd(22)}${'ms'.padStart(8)}${'range ms'.padStart(14)}${'RSS MiB'.padStart(10)}  time, RSS vs echo`);
  out(row('echo bot', r.echo));
  out(row('co-sell bot', r.bot, r.echo));
}

if (require.main === module) {
  runStartupBenchmark().then(printStartup, (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
