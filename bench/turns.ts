/**
 * Turn throughput and latency: the bare echo bot (baseline) vs our bot, same stack, same machine,
 * same run, each server in its own process and the load generator in another. Scenarios:
 *   help          the help card (a command turn: state read, card expanded, reply sent)
 *   deal step     one step of the create-deal conversation ("Germany", then "back", alternating)
 *   card refresh  Action.Execute refresh of a stored referral (what Teams asks for each viewer)
 *   accept        Action.Execute Accept on a stored referral, each referral accepted at most once
 * Prints turns/s, p50 and p99 of both and the ratios. Target: ≥ 0.5× echo throughput, p99 ≤ 3× echo.
 * Run: npm run bench (all benchmarks) or node dist/bench/turns.js. BENCH_SECONDS (default 10),
 * BENCH_WARMUP (default 3), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 20), BENCH_SCENARIOS (comma list),
 * BENCH_PROFILE=<dir> (the bot writes a --cpu-prof profile there), BENCH_UNPACED=1 (see UNPACED).
 */
import { join } from 'node:path';
import { cardAction, executeActions, inboundReferral, inParallel, message, postActivity, postReferral, type Who } from './activities';
import { combineRounds, LoadGenerator, type LoadPlan, type LoadResult } from './load';
import { fmt, ratio } from './report';
import { SCRIPTS, scratchDir, startProcess, type ServerProcess } from './processes';

export const SCENARIOS = ['help', 'deal step', 'card refresh', 'accept'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface TurnBenchOptions {
  seconds: number;
  warmupSeconds: number;
  /** Alternating rounds of baseline and real path; each figure is the median round. */
  rounds: number;
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
/**
 * BENCH_UNPACED=1 lifts Teams' limits in the bot (the connector here accepts everything): every
 * referral's card is then posted when it arrives and every Accept's update of the posted card goes
 * out during the round, so the round pays for that work too. By default the bot keeps Teams' limits,
 * as in production: all bench referrals go to one admin chat, so their cards and updates wait for
 * that chat's turn (7 sends/s) and mostly go out after the round (bench/fanOut.ts measures pacing).
 */
const UNPACED: Record<string, string> =
  process.env.BENCH_UNPACED === '1' ? { TEAMS_CONVERSATION_RATE_LIMITS: '1000000/1', TEAMS_TENANT_RATE_LIMITS: '1000000/1' } : {};
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

/** One side of a comparison: a server, what it is sent in each round, and how to reset it first. */
interface Side {
  server: ServerProcess;
  plan(round: number): LoadPlan;
  /** Sent for BENCH_WARMUP seconds before the rounds (omitted when already warm). */
  warmup?: LoadPlan;
  /** Before every run: put the conversations back where a round starts. */
  prepare?: () => Promise<void>;
}

class TurnBench {
  constructor(
    private readonly s: Servers,
    private readonly o: TurnBenchOptions,
  ) {}

  private range(n = this.o.connections): number[] {
    return Array.from({ length: n }, (_, i) => i);
  }

  /** A load run, with the server's CPU time per turn (a figure the load generator's share of the machine does not move). */
  private async run(server: ServerProcess, plan: LoadPlan, seconds: number): Promise<LoadResult> {
    const cpuBefore = server.cpuSeconds();
    const result = await this.s.load.run({ url: `${server.origin}/api/messages`, connections: this.o.connections, seconds, plan });
    const cpu = server.cpuSeconds() - cpuBefore;
    return { ...result, cpuPerRequestUs: result.requests > 0 ? (cpu * 1e6) / result.requests : undefined };
  }

  /** Warm-up of both, then rounds alternating baseline and real path. */
  private async compare(echo: Side, bot: Side): Promise<{ echo: LoadResult; bot: LoadResult }> {
    for (const side of [echo, bot]) {
      await side.prepare?.();
      if (side.warmup) await this.run(side.server, side.warmup, this.o.warmupSeconds);
    }
    const rounds = { echo: [] as LoadResult[], bot: [] as LoadResult[] };
    const seconds = this.o.seconds / this.o.rounds;
    for (let r = 0; r < this.o.rounds; r++) {
      for (const [name, side] of [['echo', echo], ['bot', bot]] as const) {
        await side.prepare?.();
        rounds[name].push(await this.run(side.server, side.plan(r), seconds));
      }
    }
    return { echo: combineRounds(rounds.echo), bot: combineRounds(rounds.bot) };
  }

  /** The same requests to both servers. */
  private same(plan: LoadPlan, prepareBot?: () => Promise<void>): Promise<{ echo: LoadResult; bot: LoadResult }> {
    return this.compare({ server: this.s.echo, plan: () => plan, warmup: plan }, { server: this.s.bot, plan: () => plan, warmup: plan, prepare: prepareBot });
  }

  async help(): Promise<ScenarioFigures> {
    const who = (i: number): Who => ({ tenantId: HELP_TENANT, conversationId: `a:help-${i}`, userId: `help-user-${i}`, name: `Help User ${i}` });
    const plan: LoadPlan = { kind: 'perConnection', sequences: this.range().map((i) => [message(this.s.serviceUrl, who(i), 'help')]) };
    const before = await connectorCount(this.s.connector);
    const { echo, bot } = await this.same(plan);
    const replies = (await connectorCount(this.s.connector)) - before;
    const turns = echo.requests + bot.requests;
    return { name: 'help', echo, bot, check: `${replies} replies delivered for ${turns} measured turns of both bots (+ warm-up)` };
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
    const before = await connectorCount(this.s.connector);
    const { echo, bot } = await this.same(plan, restart);
    const replies = (await connectorCount(this.s.connector)) - before;
    const turns = echo.requests + bot.requests;
    return { name: 'deal step', echo, bot, check: `${replies} replies delivered for ${turns} measured turns of both bots (+ warm-up and restarts)` };
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

  /** Each connection cycles through its share of the bodies. */
  private spread(bodies: ReadonlyArray<string>): LoadPlan {
    const { connections } = this.o;
    return { kind: 'perConnection', sequences: this.range().map((c) => bodies.filter((_, i) => i % connections === c)) };
  }

  /**
   * Accept on stored referrals, each at most once (a repeat would only meet the "out of date"
   * card): each round runs for its time from a pool of fresh referrals, two and a half times what a
   * warm-up says the bot gets through (a repeat is counted and shown). Afterwards the read-only
   * refresh of the same referrals.
   */
  async referrals(): Promise<ScenarioFigures[]> {
    await mustPost(this.s.bot.origin, message(this.s.serviceUrl, REF_ADMIN, 'help'));
    const { connections, seconds, rounds } = this.o;
    const roundSeconds = seconds / rounds;
    // Warm-up for its time on a large pool (repeats there only make the estimate generous).
    const warmReferrals = await this.seedReferrals(connections * 50, 0);
    const warm = await this.s.load.run({
      url: `${this.s.bot.origin}/api/messages`,
      connections,
      seconds: this.o.warmupSeconds,
      plan: { kind: 'pool', bodies: warmReferrals.map((r) => this.acceptBody(r)) },
    });
    const perRound = Math.max(connections * 5, Math.min(20_000, Math.round(warm.perSecond * roundSeconds * 2.5)));
    const referrals = await this.seedReferrals(perRound * rounds, warmReferrals.length);
    const bodies = referrals.map((r) => this.acceptBody(r));
    const chunk = (r: number) => bodies.slice(r * perRound, (r + 1) * perRound);
    // The echo bot answers the very same requests (it stores nothing, so it can repeat them).
    const accept = await this.compare(
      { server: this.s.echo, plan: (r) => this.spread(chunk(r)), warmup: this.spread(chunk(0)) },
      { server: this.s.bot, plan: (r) => ({ kind: 'pool', bodies: chunk(r) }) },
    );

    // The first of each round's pool were certainly sent.
    const sample = Array.from({ length: rounds }, (_, r) => referrals.slice(r * perRound, r * perRound + 15)).flat();
    let accepted = 0;
    for (const r of sample) {
      const body = cardAction(this.s.serviceUrl, REF_ADMIN, 'referral.view', { referralId: r.referralId, tenantId: REFERRALS_TENANT });
      const view = (await mustPost(this.s.bot.origin, body)) as { value?: unknown };
      if (executeActions(view.value).some((a) => a.verb === 'referral.wonForm')) accepted++;
    }
    const figures: ScenarioFigures[] = [];
    if (this.o.scenarios.includes('card refresh')) {
      const refreshes = referrals.slice(0, 500 * connections).map((r) => cardAction(this.s.serviceUrl, REF_ADMIN, 'referral.refresh', { ...r, tenantId: REFERRALS_TENANT }));
      const { echo, bot } = await this.same(this.spread(refreshes));
      figures.push({ name: 'card refresh', echo, bot, check: `read-only: refresh of ${refreshes.length} stored referrals, cycled` });
    }
    if (this.o.scenarios.includes('accept')) {
      const repeats = accept.bot.overrun ? `, BUT ${accept.bot.overrun} REPEATS: the pool ran out, the figure is too kind` : ', none repeated';
      const check = `${accept.bot.requests} of ${referrals.length} fresh referrals accepted${repeats}; ${accepted} of ${sample.length} sampled show Won/Lost`;
      figures.push({ name: 'accept', ...accept, check });
    }
    return figures;
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
      env: { PORT: '0', STORE: 'sqlite', SQLITE_PATH: join(dir.path, 'bench.db'), REFERRAL_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info', MicrosoftAppId: '', ...UNPACED },
      nodeArgs: o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [],
    });
    started.push(bot);
    const rssStarted = { bot: bot.rssMiB(), echo: echo.rssMiB() };
    const bench = new TurnBench({ connector, echo, bot, load, serviceUrl: connector.url }, o);

    const scenarios: ScenarioFigures[] = [];
    if (o.scenarios.includes('help')) scenarios.push(await bench.help());
    if (o.scenarios.includes('deal step')) scenarios.push(await bench.dealStep());
    if (o.scenarios.includes('accept') || o.scenarios.includes('card refresh')) scenarios.push(...(await bench.referrals()));
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
    rounds: Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3)),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
    scenarios: wanted ? SCENARIOS.filter((s) => wanted.includes(s)) : SCENARIOS,
    profileDir: process.env.BENCH_PROFILE || undefined,
  };
}

function row(name: string, r: LoadResult, base?: LoadResult): string {
  const cpu = r.cpuPerRequestUs;
  const cpuRatio = base?.cpuPerRequestUs && cpu !== undefined ? `  ${ratio(cpu, base.cpuPerRequestUs)}` : '';
  const ratios = base ? `${ratio(r.perSecond, base.perSecond)}  ${ratio(r.p99, Math.max(base.p99, 1))}${cpuRatio}` : '';
  const cpuText = cpu === undefined ? '–' : cpu.toFixed(0);
  return `${name.padEnd(26)}${fmt(r.perSecond)}${fmt(r.p50)}${fmt(r.p99)}${cpuText.padStart(9)}${String(r.non2xx + r.errors).padStart(8)}  ${ratios}`;
}

export function printTurns(result: TurnBenchResult): void {
  const { options: o } = result;
  const out = (line = '') => process.stdout.write(line + '\n');
  out(`\nTurns over HTTP: ${o.connections} connections; ${o.warmupSeconds} s warm-up, then ${o.rounds} alternating rounds of ${(o.seconds / o.rounds).toFixed(1)} s per bot (median round shown)`);
  out(`${'scenario'.padEnd(26)}${'turns/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU µs'.padStart(9)}${'errors'.padStart(8)}  throughput, p99, CPU per turn vs echo`);
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
