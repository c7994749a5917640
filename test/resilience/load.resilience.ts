import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cardAction, message, type Who } from '../../bench/activities';
import type { LoadPlan, LoadResult } from '../../bench/load';
import { runLoad } from '../../bench/loadRunner';
import { systemClock } from '../../services/clock';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { ReferralService } from '../../services/referrals/referralService';
import type { Versioned } from '../../services/store/documentStore';
import { postActivity, startBot, type StartedBot } from '../helpers/botServer';
import { inboundReferral } from '../helpers/referrals';

/**
 * Sustained load over HTTP: LOAD_TURNS turns (default 20,000) at LOAD_CONNECTIONS (default 50)
 * concurrent conversations, a mix of commands, conversation steps and card clicks. No answer may
 * be a 5xx or fail, and memory must level off: what is still held after a full garbage collection
 * at the end is compared with the same after a warm-up (run with --expose-gc, as
 * `npm run test:resilience` does; without it the comparison is looser).
 */

const TURNS = Number(process.env.LOAD_TURNS ?? 20_000);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 50);
const WARMUP = Math.max(CONNECTIONS * 20, Math.round(TURNS / 10));
const CHUNKS = 3;
const TENANT = 'load-tenant';
const MiB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

function memory(): { heap: number; rss: number } {
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed / MiB, rss: m.rss / MiB };
}

/** Counts what the bot sends, and keeps nothing (a recording connector would itself grow). */
async function countingConnector(): Promise<{ url: string; count(): number; stop(): Promise<void> }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `act-${count}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    count: () => count,
    stop: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('load: sustained turns over HTTP', () => {
  let bot: StartedBot;
  let connector: Awaited<ReturnType<typeof countingConnector>>;

  beforeAll(async () => {
    connector = await countingConnector();
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it(`answers ${TURNS} turns at ${CONNECTIONS} concurrent conversations without a 5xx, and memory levels off`, async () => {
    const who = (i: number): Who => ({ tenantId: TENANT, conversationId: `a:load-${i}`, userId: 'load-admin', name: 'Lee Admin' });
    // The first to write becomes the tenant's admin, who may create deals and act on referrals.
    expect((await postActivity(bot.url, JSON.parse(message(connector.url, who(0), 'help')) as object)).status).toBe(200);
    const referrals = new ReferralService(new OpportunityRepository(bot.app.store), systemClock);
    const stored: Array<Versioned<Opportunity>> = [];
    for (let n = 0; n < 5; n++) stored.push((await referrals.receiveReferral(inboundReferral({ tenantId: TENANT, id: `load-${n}` }))).opportunity);

    // Each conversation in turn: a command, a conversation's steps, card clicks, a list.
    const plan: LoadPlan = {
      kind: 'perConnection',
      sequences: Array.from({ length: CONNECTIONS }, (_, i) => {
        const r = stored[i % stored.length]!;
        const ref = { referralId: r.value.id, tenantId: TENANT, version: r.etag };
        return [
          message(connector.url, who(i), 'help'),
          message(connector.url, who(i), 'new deal'),
          message(connector.url, who(i), 'Germany'),
          message(connector.url, who(i), 'back'),
          cardAction(connector.url, who(i), 'referral.refresh', ref),
          message(connector.url, who(i), 'cancel'),
          cardAction(connector.url, who(i), 'referral.view', { referralId: ref.referralId, tenantId: TENANT }),
          message(connector.url, who(i), 'inbound'),
        ];
      }),
    };
    const run = (amount: number) => runLoad({ url: `${bot.url}/api/messages`, connections: CONNECTIONS, amount, plan });
    const failures = (r: LoadResult) => r.non2xx + r.errors;

    const warm = await run(WARMUP);
    expect(failures(warm)).toBe(0);
    const afterWarmup = memory();

    const chunks: Array<{ heap: number; rss: number }> = [];
    let answered = warm.requests;
    for (let c = 0; c < CHUNKS; c++) {
      const result = await run(Math.round((TURNS - WARMUP) / CHUNKS));
      expect(result.statusCodes).toEqual({ '2xx': result.requests });
      expect(failures(result)).toBe(0);
      answered += result.requests;
      chunks.push(memory());
    }
    await bot.app.background.drain();
    const end = chunks[chunks.length - 1]!;
    process.stdout.write(
      `load: ${answered} turns, ${connector.count()} replies delivered; heap ${afterWarmup.heap.toFixed(1)} MiB after warm-up → ` +
        `${chunks.map((m) => m.heap.toFixed(1)).join(' → ')} MiB; RSS ${afterWarmup.rss.toFixed(0)} → ${end.rss.toFixed(0)} MiB` +
        `${gc ? '' : ' (no --expose-gc: heap figures include garbage)'}\n`,
    );

    expect(answered).toBeGreaterThanOrEqual(TURNS);
    // Every message turn sends at least one reply (5 of the 8 turns of each cycle are messages).
    expect(connector.count()).toBeGreaterThanOrEqual(Math.floor((answered * 5) / 8) - CONNECTIONS);
    // Levelled off: what is live at the end is within a margin of what was live after the warm-up.
    const heapMargin = gc ? 24 : 96;
    expect(end.heap).toBeLessThan(afterWarmup.heap + heapMargin);
    expect(end.rss).toBeLessThan(afterWarmup.rss + 160);
  }, 600_000);
});
