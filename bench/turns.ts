/**
 * Turn throughput and latency: the bare echo bot (baseline) vs our bot, same stack, same machine,
 * same run. Prints turns/s, p50, p99 and the ratios. Target: ≥ 0.5× echo throughput, p99 ≤ 3× echo.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 20) tune it.
 */
import { randomUUID } from 'node:crypto';
import { fmt, load, startConnector, startCosellBot, startEchoBot, type LoadResult } from './benchServer';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

function message(serviceUrl: string, text: string, conversation: number) {
  return {
    type: 'message',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    text,
    locale: 'en-US',
    from: { id: `29:user-${conversation}`, aadObjectId: `aad-${conversation}`, name: 'Bench User' },
    recipient: { id: '28:bot', name: 'Co-sell Bot' },
    conversation: { id: `a:bench-${conversation}`, conversationType: 'personal', tenantId: 'bench-tenant' },
    channelData: { tenant: { id: 'bench-tenant' } },
  };
}

function row(name: string, r: LoadResult, base?: LoadResult): string {
  const ratio = base ? `${fmt(r.perSecond / base.perSecond, 2)}×  ${fmt(r.p99 / Math.max(base.p99, 1), 2)}×` : '';
  return `${name.padEnd(22)}${fmt(r.perSecond)}${fmt(r.p50)}${fmt(r.p99)}${String(r.non2xx + r.errors).padStart(8)}  ${ratio}`;
}

async function main(): Promise<void> {
  const connector = await startConnector();
  const echo = await startEchoBot();
  const bot = await startCosellBot();
  const conversations = Array.from({ length: 100 }, (_, i) => i);
  try {
    const baseline = await load(echo.url, conversations.map((c) => message(connector.url, 'help', c)), connections, seconds);
    const help = await load(bot.url, conversations.map((c) => message(connector.url, 'help', c)), connections, seconds);
    process.stdout.write(`\nTurns over HTTP, ${connections} connections, ${seconds} s each (${new Date().toISOString()})\n`);
    process.stdout.write(`${'scenario'.padEnd(22)}${'turns/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}  throughput/p99 vs echo\n`);
    process.stdout.write(row('echo bot (baseline)', baseline) + '\n');
    process.stdout.write(row('help', help, baseline) + '\n');
    process.stdout.write(`connector received ${connector.count()} replies; RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB\n`);
  } finally {
    await bot.close();
    await echo.close();
    await connector.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(String(err) + '\n');
  process.exit(1);
});
