import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signReferralBody } from '../../bot/webhooks/referralWebhook';
import { DAY_MS, ManualClock } from '../../services/clock';
import { LEASES, SYSTEM_PARTITION } from '../../services/jobs/lease';
import { ReferralService } from '../../services/referrals/referralService';
import { SqliteStore } from '../../services/store/sqliteStore';
import { inboundReferral } from '../helpers/referrals';
import { makeWorld, personalChat, RecordingSender, TENANT } from '../helpers/sweepWorld';

/**
 * A real bot process is killed (SIGKILL: no shutdown hook runs) in the middle of a sweep, while
 * reminders are in flight at Teams, then restarted over the same SQLite file and swept until nothing
 * is due. Reminders are made due at real time by seeding: the referrals were received (and their
 * reminders planned) 7 days and an hour ago, so no clock override is needed in the child.
 *
 * What it asserts, and why: delivery is at-least-once (docs/reminders.md). A referral's reminders go
 * out as one batch (one per admin, all sent together), whose outcomes are written with one write once
 * every send of the batch has been answered; the process dies while the connector holds the second
 * batch's answers. So after the restart exactly that batch is sent again, with the same outbox event
 * ids: Teams activities do not carry our event id, so the receiver names a reminder by (conversation,
 * referral), and for one reminder round that pair is one-to-one with the outbox event id
 * (`<referral>:reminder:<key>:<hash of the conversation>`). So: every due reminder arrives (none
 * lost); the repeats are exactly the reminders of the batch in flight that had arrived before the
 * kill (each at most twice, never more than a batch), including the one that triggered it; nothing
 * is queued twice (each reminder is marked done in the write that queues it); and afterwards no
 * referral is stuck: empty outbox, the 7-day reminder marked done, the next due time in the future
 * and nothing left due.
 */

const JOBS_SECRET = 'crash-test-jobs-secret-0123456789abcdef';
const ADMINS = Array.from({ length: 8 }, (_, i) => `aad-admin-${i}`);
const REFERRALS = 5;
const EXPECTED = ADMINS.length * REFERRALS;
const KILL_AT = 15; // the 15th reminder (in the second referral's batch) arrives, unanswered, when the process dies
const HOLD_MS = 60; // the connector answers each post this late, so a send is in flight most of the time

/** Teams' side: records each post on arrival and answers it HOLD_MS later. */
class HoldingConnector {
  readonly arrivals: Array<{ key: string; at: number }> = [];
  onArrival?: (count: number, key: string) => void;
  private server?: http.Server;

  constructor(private readonly keyOf: (conversationId: string, body: string) => string) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<void> {
    let next = 1;
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        if (req.method === 'POST' && match) {
          const key = this.keyOf(decodeURIComponent(match[1]!), Buffer.concat(chunks).toString('utf8'));
          this.arrivals.push({ key, at: Date.now() });
          this.onArrival?.(this.arrivals.length, key);
        }
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `act-${next++}` }));
        }, HOLD_MS);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface Child {
  process: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** Starts `bot/index.ts` as its own process and resolves once it listens (port from its log line). */
function startChild(dbPath: string): Promise<Child> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'bot/index.ts'], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, SQLITE_PATH: dbPath, PORT: '0', JOBS_SECRET, SWEEP_INTERVAL_SECONDS: '0', LOG_LEVEL: 'info', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the bot did not start: ${out}`)), 20_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)\/api\/messages"/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ process: child, url, exited });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited (${code}) before listening: ${out}`));
    });
  });
}

/** POST /api/jobs/sweep, signed with JOBS_SECRET; answers what the sweep did. */
async function sweep(url: string): Promise<Record<string, unknown>> {
  const ts = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${url}/api/jobs/sweep`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cosell-timestamp': ts, 'x-cosell-signature': signReferralBody(JOBS_SECRET, ts, '{}') },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('a bot process killed in the middle of a sweep', () => {
  let dir: string;
  let dbPath: string;
  let connector: HoldingConnector;
  const referralIds: string[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-crash-child-'));
    dbPath = join(dir, 'cosell.db');
    connector = new HoldingConnector((conversationId, body) => `${conversationId} ${referralIds.find((id) => body.includes(id)) ?? '?'}`);
    await connector.start();

    // Seed the file as the bot would have left it: received 7 days and an hour ago, reminders planned.
    const receivedAt = new Date(Date.now() - 7 * DAY_MS - 60 * 60 * 1000);
    const clock = new ManualClock(receivedAt);
    const w = makeWorld(dbPath, clock, new RecordingSender(clock));
    await w.roles.ensureFirstAdmin(TENANT, { userId: ADMINS[0]!, name: 'Admin 0' });
    for (const admin of ADMINS) {
      if (admin !== ADMINS[0]) await w.roles.grant(TENANT, { userId: ADMINS[0]! }, { userId: admin }, 'ReferralsAdmin');
      await w.conversations.save(personalChat(admin, { serviceUrl: connector.url }));
    }
    for (let i = 0; i < REFERRALS; i++) {
      const { opportunity } = await w.referrals.receiveReferral(inboundReferral({ id: `pc-crash-${i}` }));
      referralIds.push(opportunity.value.id);
    }
    expect(await w.sweeper.sweep()).toMatchObject({ ran: true, remindersQueued: 0 }); // plans; the sweep's lease ran out long ago
    await w.close();
    expect(referralIds).toEqual(Array.from({ length: REFERRALS }, (_, i) => ReferralService.idFor(`pc-crash-${i}`)));
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every due reminder after a restart, repeats only the batch in flight (once, same event ids), and leaves no referral stuck', async () => {
    // First life: killed while the KILL_AT-th reminder is held at the connector (sent, not answered).
    const first = await startChild(dbPath);
    children.push(first.process);
    let inFlight: string | undefined;
    connector.onArrival = (count, key) => {
      if (count === KILL_AT) {
        inFlight = key;
        first.process.kill('SIGKILL');
      }
    };
    await expect(sweep(first.url)).rejects.toThrow(); // the answer never comes: the process is gone
    await first.exited;
    connector.onArrival = undefined;
    expect(first.process.signalCode).toBe('SIGKILL');

    // Second life, over the same file. The dead process's lease still stands (5 minutes): no sweep.
    const second = await startChild(dbPath);
    children.push(second.process);
    expect(await sweep(second.url)).toMatchObject({ ran: false });
    // Five minutes later the lease has run out; the test ends it now instead of waiting.
    const store = new SqliteStore(dbPath);
    await store.collection(LEASES).upsert({ id: 'sweep', tenantId: SYSTEM_PARTITION, owner: 'the-killed-process', expiresAt: new Date(Date.now() - 1000).toISOString() });
    await store.close();

    // The batch's other sends may have reached the connector just before the kill too.
    const firstLife = connector.arrivals.map((a) => a.key);
    expect(firstLife.length).toBeGreaterThanOrEqual(KILL_AT);
    expect(firstLife.length).toBeLessThanOrEqual(2 * ADMINS.length);

    const reports: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 5; i++) {
      const report = await sweep(second.url);
      reports.push(report);
      if (report.ran === true && report.more === false && report.examined === 0) break;
    }
    second.process.kill('SIGTERM');
    await second.exited;

    // The receiver's view: every due reminder; repeats only of the batch in flight at the kill.
    const keys = connector.arrivals.map((a) => a.key);
    const distinct = new Set(keys);
    expect(keys.every((k) => !k.endsWith(' ?'))).toBe(true);
    expect(distinct.size).toBe(EXPECTED);
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(new Set(repeated).size).toBe(repeated.length); // none came three times
    // That batch (the in-flight referral's reminders) was never recorded, so each of its reminders that
    // had arrived comes exactly twice; the first batch, recorded before the kill, not at all.
    expect(inFlight).toBeDefined();
    const inFlightReferral = inFlight!.split(' ')[1];
    expect(repeated.sort()).toEqual(firstLife.filter((k) => k.split(' ')[1] === inFlightReferral).sort());
    expect(repeated).toContain(inFlight);
    expect(repeated.length).toBeLessThanOrEqual(ADMINS.length);
    // Nothing was queued twice: a referral's reminders are queued and marked done in one write, and the
    // sweep plans then delivers one referral at a time, so the second life queued exactly the
    // referrals the first life had not reached.
    const reachedBeforeKill = new Set(firstLife.map((k) => k.split(' ')[1])).size;
    expect(reachedBeforeKill).toBe(2);
    expect(reports.reduce((n, r) => n + Number(r.remindersQueued), 0)).toBe(ADMINS.length * (REFERRALS - reachedBeforeKill));
    expect(reports.reduce((n, r) => n + Number(r.remindersSent), 0)).toBe(EXPECTED - firstLife.length + repeated.length);

    // The store's view: no referral stuck.
    const w = makeWorld(dbPath, new ManualClock(new Date()), new RecordingSender(new ManualClock(new Date())));
    try {
      const now = new Date();
      expect((await w.opportunities.listDue(now, 50)).items).toEqual([]);
      for (const id of referralIds) {
        const o = (await w.opportunities.get(TENANT, id))!.value;
        expect(o.outbox).toEqual([]);
        expect(o.deadLetters ?? []).toEqual([]);
        expect(o.remindersDone?.filter((k) => k.startsWith('7d@'))).toHaveLength(1);
        expect(new Date(o.nextReminderAt!).getTime()).toBeGreaterThan(now.getTime());
        expect(o.dueDateTime).toBe(new Date(Math.min(Date.parse(o.nextReminderAt!), Date.parse(o.expirationDateTime!))).toISOString());
      }
    } finally {
      await w.close();
    }
  }, 60_000);
});
