/**
 * Turn throughput and latency: the bare echo bot (baseline) vs our bot, same stack, same machine,
 * same run, each server in its own process and the load generator in another. Scenarios:
 *   help          the help card (a command turn: state read, card expanded, reply sent)
 *   deal step     one step of the create-deal conversation ("Germany", then "back", alternating)
 *   card refresh  Action.Execute refresh of a stored referral (what Teams asks for each viewer)
 *   accept        Action.Execute Accept on a stored referral, each referral accepted exactly once
 * Prints turns/s, p50 and p99 of both and the ratios. Target: ≥ 0.5× echo throughput, p99 ≤ 3× echo.
 * Run: npm run bench (all benchmarks) or node dist/bench/turns.js. BENCH_SECONDS (default 10),
 * BENCH_WARMUP (default 3), BENCH_CONNECTIONS (default 20), BENCH_SCENARIOS (comma list),
 * BENCH_PROFILE=<dir> (the bot writes a --cpu-prof profile there).
 */
import { join } from 'node:path';
import { cardAction, executeActions, inboundReferral, inParallel, message, postActivity, postReferral, type Who } from './activities';
import { LoadGenerator, type LoadPlan, type LoadResult } from './load';
import { fmt, ratio } from './report';
import { SCRIPTS, scratchDir, startProcess, type ServerProcess } from './processes';

export const SCENARIOS = ['help', 'deal step', 'card refresh', 'accept'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface TurnBenchOptions {
  seconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios: ReadonlyArray<ScenarioName>;
  profileDir?: string;
}

export interface ScenarioFigures {
  name: ScenarioName;
  echo: LoadResult;
  bot: LoadResult;
  /** What the bot was seen to do (replies delivered, referrals accepted). */
  check: string;
}

export interface TurnBenchResult {
  options: TurnBenchOptions;
  scenarios: ScenarioFigures[];
  rssMiB: { botStarted: number; botAfter: number; echoStarted: number; echoAfter: number };
}

const SECRET = 'bench-webhook-secret-0123456789abcdef-0123456789';
const HELP_TENANT = 'bench-help';
const DEALS_TENANT = 'bench-deals';
const REFERRALS_TENANT = 'bench-referrals';
const REF_ADMIN: Who = { tenantId: REFERRALS_TENANT, conversationId: 'a:ref-admin', userId: 'ref-admin', name: 'Riley Admin' };

function closingDate(daysAhead: number): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

const ACCEPT_FIELDS = {
  name: 'Contoso warehouse',
  dealValue: '300,000',
  currency: 'usd',
  closingDate: closingDate(200),
  notes: 'Kick-off next week',
  crmId: 'CRM-42',
  campaignId: '',
  employee1Name: 'Riley Admin',
  employee1Email: 'riley@fabrikam.example',
  employee1Phone: '+1 425 555 0101',
  employee2Name: '',
  employee2Email: '',
  employee2Phone: '',
};

interface Servers {
  connector: ServerProcess;
  echo: ServerProcess;
  bot: ServerProcess;
  load: LoadGenerator;
  serviceUrl: string;
}

async function connectorCount(connector: ServerProcess): Promise<number> {
  const res = await fetch(`${connector.origin}/bench/count`);
  return ((await res.json()) as { count: number }).count;
}

async function mustPost(origin: string, body: string): Promise<unknown> {
  const res = await postActivity(origin, body);
  if (res.status >= 300) throw new Error(`setup request answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

class TurnBench {
  constructor(
    private readonly s: Servers,
    private readonly o: TurnBenchOptions,
  ) {}

  private range(n = this.o.connections): number[] {
    return Array.from({ length: n }, (_, i) => i);
  }

  /** Warm-up (discarded) then the measured run, on one server. */
  private async measure(server: ServerProcess, plan: LoadPlan, prepare?: () => Promise<void>): Promise<LoadResult> {
    const url = `${server.origin}/api/messages`;
    const { connections, seconds, warmupSeconds } = this.o;
    await prepare?.();
    if (plan.kind === 'perConnection') await this.s.load.run({ url, connections, seconds: warmupSeconds, plan });
    await prepare?.();
    return this.s.load.run({ url, connections, seconds, plan });
  }

  async help(): Promise<ScenarioFigures> {
    const who = (i: number): Who => ({ tenantId: HELP_TENANT, conversationId: `a:help-${i}`, userId: `help-user-${i}`, name: `Help User ${i}` });
    const plan: LoadPlan = { kind: 'perConnection', sequences: this.range().map((i) => [message(this.s.serviceUrl, who(i), 'help')]) };
    const echo = await this.measure(this.s.echo, plan);
    const before = await connectorCount(this.s.connector);
    const bot = await this.measure(this.s.bot, plan);
    const replies = (await connectorCount(this.s.connector)) - before;
    return { name: 'help', echo, bot, check: `${replies} help cards delivered for ${bot.requests} measured turns (+ warm-up)` };
  }

  async dealStep(): Promise<ScenarioFigures> {
    const who = (i: number): Who => ({ tenantId: DEALS_TENANT, conversationId: `a:deal-${i}`, userId: 'deal-admin', name: 'Dee Admin' });
    // The first person to write in a tenant becomes its admin, who may create deals.
    await mustPost(this.s.bot.origin, message(this.s.serviceUrl, who(0), 'help'));
    // Every conversation at the first question ("Where is the customer?") before each run.
    const restart = async () => {
      for (const i of this.range()) await mustPost(this.s.bot.origin, message(this.s.serviceUrl, who(i), 'new deal'));
    };
    const plan: LoadPlan = {
      kind: 'perConnection',
      sequences: this.range().map((i) => [message(this.s.serviceUrl, who(i), 'Germany'), message(this.s.serviceUrl, who(i), 'back')]),
    };
    const echo = await this.measure(this.s.echo, plan);
    const before = await connectorCount(this.s.connector);
    const bot = await this.measure(this.s.bot, plan, restart);
    const replies = (await connectorCount(this.s.connector)) - before;
    return { name: 'deal step', echo, bot, check: `${replies} questions delivered for ${bot.requests} measured steps (+ warm-up and restarts)` };
  }

  /** Referrals received through the signed webhook, with the version their card carries. */
  private async seedReferrals(n: number, from: number): Promise<Array<{ referralId: string; version: string }>> {
    const origin = this.s.bot.origin;
    return inParallel(this.range(n), 4, async (i) => {
      const created = await postReferral(origin, SECRET, inboundReferral(REFERRALS_TENANT, from + i));
      if (created.status !== 201 || !created.body.id) throw new Error(`webhook answered ${created.status}`);
      const referralId = created.body.id;
      const view = (await mustPost(origin, cardAction(this.s.serviceUrl, REF_ADMIN, 'referral.view', { referralId, tenantId: REFERRALS_TENANT }))) as {
        value?: unknown;
      };
      const version = executeActions(view.value).find((a) => a.verb === 'referral.acceptForm')?.data.version;
      if (typeof version !== 'string') throw new Error('the referral card carries no Accept button');
      return { referralId, version };
    });
  }

  private acceptBody(r: { referralId: string; version: string }): string {
    return cardAction(this.s.serviceUrl, REF_ADMIN, 'referral.accept', { ...r, tenantId: REFERRALS_TENANT, ...ACCEPT_FIELDS });
  }

  /** Accept on N stored referrals, each exactly once; N is sized from a warm-up so the run lasts about BENCH_SECONDS. */
  async accept(): Promise<{ accept: ScenarioFigures; refresh: ScenarioFigures | undefined }> {
    await mustPost(this.s.bot.origin, message(this.s.serviceUrl, REF_ADMIN, 'help'));
    const { connections, seconds } = this.o;
    const warmReferrals = await this.seedReferrals(Math.max(100, connections * 10), 0);
    const warm = await this.s.load.run({
      url: `${this.s.bot.origin}/api/messages`,
      connections,
      plan: { kind: 'pool', bodies: warmReferrals.map((r) => this.acceptBody(r)) },
    });
    const n = Math.max(connections * 10, Math.min(50_000, Math.round(warm.perSecond * seconds)));
    const referrals = await this.seedReferrals(n, warmReferrals.length);
    const bodies = referrals.map((r) => this.acceptBody(r));
    // The echo bot answers the very same requests, over and over (it stores nothing).
    const echoPlan: LoadPlan = { kind: 'perConnection', sequences: this.range().map((c) => bodies.filter((_, i) => i % connections === c)) };
    const echo = await this.measure(this.s.echo, echoPlan);
    const bot = await this.s.load.run({ url: `${this.s.bot.origin}/api/messages`, connections, plan: { kind: 'pool', bodies } });

    const sample = referrals.filter((_, i) => i % Math.max(1, Math.floor(n / 50)) === 0);
    let accepted = 0;
    for (const r of sample) {
      const view = (await mustPost(this.s.bot.origin, cardAction(this.s.serviceUrl, REF_ADMIN, 'referral.view', { referralId: r.referralId, tenantId: REFERRALS_TENANT }))) as {
        value?: unknown;
      };
      if (executeActions(view.value).some((a) => a.verb === 'referral.wonForm')) accepted++;
    }
    const acceptFigures: ScenarioFigures = {
      name: 'accept',
      echo,
      bot,
      check: `${n} referrals, each accepted once (${bot.overrun} repeats); ${accepted} of ${sample.length} sampled show Won/Lost afterwards`,
    };

    let refresh: ScenarioFigures | undefined;
    if (this.o.scenarios.includes('card refresh')) {
      const refreshPlan: LoadPlan = {
        kind: 'perConnection',
        sequences: this.range().map((c) =>
          referrals
            .filter((_, i) => i % connections === c)
            .slice(0, 500)
            .map((r) => cardAction(this.s.serviceUrl, REF_ADMIN, 'referral.refresh', { ...r, tenantId: REFERRALS_TENANT })),
        ),
      };
      const refreshEcho = await this.measure(this.s.echo, refreshPlan);
      const refreshBot = await this.measure(this.s.bot, refreshPlan);
      refresh = { name: 'card refresh', echo: refreshEcho, bot: refreshBot, check: `read-only: refresh of ${Math.min(n, 500 * connections)} accepted referrals, cycled` };
    }
    return { accept: acceptFigures, refresh };
  }
}

export async function runTurnBenchmark(o: TurnBenchOptions): Promise<TurnBenchResult> {
  const dir = scratchDir('cosell-bench-');
  const started: ServerProcess[] = [];
  const load = new LoadGenerator();
  try {
    const connector = await startProcess(SCRIPTS.connector, { name: 'connector' });
    started.push(connector);
    const echo = await startProcess(SCRIPTS.echo, { name: 'echo bot', env: { PORT: '0' } });
    started.push(echo);
    const bot = await startProcess(SCRIPTS.bot, {
      name: 'bot',
      env: { PORT: '0', STORE: 'sqlite', SQLITE_PATH: join(dir.path, 'bench.db'), REFERRAL_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info', MicrosoftAppId: '' },
      nodeArgs: o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [],
    });
    started.push(bot);
    const rssStarted = { bot: bot.rssMiB(), echo: echo.rssMiB() };
    const bench = new TurnBench({ connector, echo, bot, load, serviceUrl: connector.url }, o);

    const scenarios: ScenarioFigures[] = [];
    if (o.scenarios.includes('help')) scenarios.push(await bench.help());
    if (o.scenarios.includes('deal step')) scenarios.push(await bench.dealStep());
    if (o.scenarios.includes('accept') || o.scenarios.includes('card refresh')) {
      const { accept, refresh } = await bench.accept();
      if (refresh) scenarios.push(refresh);
      if (o.scenarios.includes('accept')) scenarios.push(accept);
    }
    return {
      options: o,
      scenarios,
      rssMiB: { botStarted: rssStarted.bot, botAfter: bot.rssMiB(), echoStarted: rssStarted.echo, echoAfter: echo.rssMiB() },
    };
  } finally {
    await load.close();
    for (const p of started.reverse()) await p.stop();
    dir.remove();
  }
}

export function turnOptionsFromEnv(): TurnBenchOptions {
  const wanted = process.env.BENCH_SCENARIOS?.split(',').map((s) => s.trim());
  return {
    seconds: Number(process.env.BENCH_SECONDS ?? 10),
    warmupSeconds: Number(process.env.BENCH_WARMUP ?? 3),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
    scenarios: wanted ? SCENARIOS.filter((s) => wanted.includes(s)) : SCENARIOS,
    profileDir: process.env.BENCH_PROFILE || undefined,
  };
}

function row(name: string, r: LoadResult, base?: LoadResult): string {
  const ratios = base ? `${ratio(r.perSecond, base.perSecond)}  ${ratio(r.p99, Math.max(base.p99, 1))}` : '';
  return `${name.padEnd(26)}${fmt(r.perSecond)}${fmt(r.p50)}${fmt(r.p99)}${String(r.non2xx + r.errors).padStart(8)}  ${ratios}`;
}

export function printTurns(result: TurnBenchResult): void {
  const { options: o } = result;
  const out = (line = '') => process.stdout.write(line + '\n');
  out(`\nTurns over HTTP: ${o.connections} connections, ${o.seconds} s per run after ${o.warmupSeconds} s warm-up`);
  out(`${'scenario'.padEnd(26)}${'turns/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}  throughput, p99 vs echo`);
  for (const s of result.scenarios) {
    out(row(`${s.name}: echo bot`, s.echo));
    out(row(`${s.name}: co-sell bot`, s.bot, s.echo));
    out(`  ${s.check}`);
  }
  const m = result.rssMiB;
  out(`RSS: co-sell bot ${m.botStarted.toFixed(0)} MiB at start, ${m.botAfter.toFixed(0)} MiB after; echo bot ${m.echoStarted.toFixed(0)} → ${m.echoAfter.toFixed(0)} MiB`);
}

if (require.main === module) {
  runTurnBenchmark(turnOptionsFromEnv()).then(printTurns, (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
