/**
 * `npm run bench`: every benchmark, one after the other, each against its baseline, then a summary.
 * Figures only; nothing passes or fails on time. Tune with BENCH_SECONDS, BENCH_WARMUP,
 * BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_SCENARIOS, BENCH_STARTS (see each benchmark's header).
 */
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { printCards, runCardBenchmark, type CardBenchResult } from './cardExpansion';
import { printCsv, runCsvBenchmark, type CsvBenchResult } from './csvImport';
import { ratio } from './report';
import { printStartup, runStartupBenchmark, type StartupResult } from './startup';
import { printTurns, runTurnBenchmark, turnOptionsFromEnv, type TurnBenchResult } from './turns';

function machine(): string {
  const gib = (n: number) => (n / 1024 ** 3).toFixed(1);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${gib(totalmem())} GiB RAM (${gib(freemem())} free), Node ${process.version}, ${process.platform}; load average ${load}; ${new Date().toISOString()}`;
}

function summary(turns: TurnBenchResult, csv: CsvBenchResult, start: StartupResult, cards: CardBenchResult): string[] {
  const lines = ['', 'Summary (co-sell bot vs its baseline; target for turns: ≥ 0.50× throughput, ≤ 3.00× p99)'];
  for (const s of turns.scenarios) {
    const met = s.bot.perSecond / s.echo.perSecond >= 0.5 && s.bot.p99 / Math.max(s.echo.p99, 1) <= 3 ? 'meets target' : 'below target';
    lines.push(`  turns, ${s.name.padEnd(13)} ${ratio(s.bot.perSecond, s.echo.perSecond)} throughput  ${ratio(s.bot.p99, Math.max(s.echo.p99, 1))} p99   ${met}${s.bot.non2xx + s.bot.errors ? `  (${s.bot.non2xx + s.bot.errors} errors!)` : ''}`);
  }
  for (const f of csv.parse) lines.push(`  CSV ${f.rows.toLocaleString('en-US').padEnd(16)} ${ratio(f.ours, f.baseline)} of csv-parse alone (${Math.round(f.ours).toLocaleString('en-US')} rows/s)`);
  lines.push(`  card expansion       ${ratio(cards.expansion.compiled, cards.expansion.library)} of adaptivecards-templating's time (${cards.expansion.compiled.toFixed(1)} µs vs ${cards.expansion.library.toFixed(1)} µs per referral card)`);
  lines.push(`  start to healthy     ${ratio(start.bot.ms, start.echo.ms)} of echo's time (${start.bot.ms.toFixed(0)} ms vs ${start.echo.ms.toFixed(0)} ms)`);
  const m = turns.rssMiB;
  lines.push(`  RSS after turns      ${ratio(m.botAfter, m.echoAfter)} of echo's (${m.botAfter.toFixed(0)} MiB vs ${m.echoAfter.toFixed(0)} MiB; at start ${start.bot.rssMiB.toFixed(0)} vs ${start.echo.rssMiB.toFixed(0)} MiB)`);
  return lines;
}

async function main(): Promise<void> {
  process.stdout.write(`Benchmarks on ${machine()}\n`);
  const csv = await runCsvBenchmark();
  printCsv(csv);
  const cards = runCardBenchmark();
  printCards(cards);
  const start = await runStartupBenchmark();
  printStartup(start);
  const turns = await runTurnBenchmark(turnOptionsFromEnv());
  printTurns(turns);
  process.stdout.write(summary(turns, csv, start, cards).join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
