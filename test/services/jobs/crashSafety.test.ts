import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../services/clock';
import { LeaseManager } from '../../../services/jobs/lease';
import { Sweeper } from '../../../services/jobs/sweeper';
import { ConversationRepository } from '../../../services/conversations/conversationRepository';
import { OutboxDispatcher } from '../../../services/notifications/outboxDispatcher';
import { RecipientDirectory } from '../../../services/notifications/recipients';
import { OpportunityRepository } from '../../../services/opportunities/opportunityRepository';
import { UserPreferencesRepository } from '../../../services/preferences/userPreferencesRepository';
import { ReferralService } from '../../../services/referrals/referralService';
import { RoleService } from '../../../services/roles/roleService';
import { TenantSettingsService } from '../../../services/settings/tenantSettingsService';
import type { BaseDocument, Collection, CollectionSpec, DocumentStore } from '../../../services/store/documentStore';
import { SqliteStore } from '../../../services/store/sqliteStore';
import { inboundReferral } from '../../helpers/referrals';
import { CapturingLog, makeWorld, personalChat, RecordingSender, TENANT } from '../../helpers/sweepWorld';

/** A store that stops answering once `dead` is set: the process died between two steps. */
class DyingStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  dead = false;
  constructor(private readonly inner: SqliteStore) {}
  init() {
    return this.inner.init();
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
  collection<T extends BaseDocument>(spec: CollectionSpec<T>): Collection<T> {
    const real = this.inner.collection(spec);
    const guard =
      <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        if (this.dead) throw new Error('the process is gone');
        return f(...args);
      };
    return {
      get: guard(real.get.bind(real)),
      create: guard(real.create.bind(real)),
      replace: guard(real.replace.bind(real)),
      upsert: guard(real.upsert.bind(real)),
      delete: guard(real.delete.bind(real)),
      query: guard(real.query.bind(real)),
    };
  }
}

/** The receiving end: keeps the first copy of each event id and counts the repeats it drops. */
class DedupingReceiver {
  readonly firstSeen = new Map<string, number>();
  repeats = 0;
  take(ids: string[]): void {
    for (const id of ids) {
      if (this.firstSeen.has(id)) this.repeats++;
      else this.firstSeen.set(id, 1);
    }
  }
}

const REFERRALS = 4;
const ADMINS = ['aad-avery', 'aad-robin', 'aad-kim'];

describe('crash safety of the sweep', () => {
  let dir: string;
  let path: string;
  let clock: ManualClock;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cosell-crash-'));
    path = join(dir, 'cosell.db');
    clock = new ManualClock('2026-11-02T15:00:00.000Z');
    const setup = makeWorld(path, clock, new RecordingSender(clock));
    await setup.roles.ensureFirstAdmin(TENANT, { userId: ADMINS[0]!, name: 'Avery' });
    for (const admin of ADMINS) {
      if (admin !== ADMINS[0]) await setup.roles.grant(TENANT, { userId: ADMINS[0]! }, { userId: admin }, 'ReferralsAdmin');
      await setup.conversations.save(personalChat(admin));
    }
    for (let i = 0; i < REFERRALS; i++) await setup.referrals.receiveReferral(inboundReferral({ id: `pc-${i}` }));
    await setup.sweeper.sweep(); // plans the reminders
    await setup.close();
    clock.set('2026-11-09T15:00:00.000Z'); // every referral's 7-day reminder is due
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when delivery throws midway, the next run delivers every due reminder exactly once', async () => {
    const sender = new RecordingSender(clock);
    sender.fail = (_e, call) => (call === 5 ? new Error('connection reset') : undefined);
    const w = makeWorld(path, clock, sender);
    const first = await w.sweeper.sweep();
    expect(first).toMatchObject({ remindersQueued: REFERRALS * ADMINS.length, remindersSent: REFERRALS * ADMINS.length - 1, retried: 1 });
    clock.advance(60 * 60 * 1000);
    const second = await w.sweeper.sweep();
    expect(second).toMatchObject({ remindersQueued: 0, remindersSent: 1 });

    const ids = sender.reminders().map((d) => d.id);
    expect(ids).toHaveLength(REFERRALS * ADMINS.length);
    expect(new Set(ids).size).toBe(ids.length);
    await w.close();
  });

  it('when the process dies right after a send, a restarted instance resends only the batch not yet recorded, which the receiver drops by id', async () => {
    const receiver = new DedupingReceiver();
    const inner = new SqliteStore(path);
    const dying = new DyingStore(inner);
    const sender = new RecordingSender(clock);
    const log = new CapturingLog();
    // The 5th send goes through, then the process dies before recording that it did. A referral's
    // reminders (one per admin) go out as one batch, so the 5th is in the second referral's batch,
    // whose other sends also went out.
    sender.onReceived = () => {
      if (sender.received.length === 5) dying.dead = true;
    };
    const sweeper = sweeperOver(dying, clock, sender, log);
    const crashed = await sweeper.sweep();
    receiver.take(sender.reminders().map((d) => d.id));
    expect(sender.batches).toHaveLength(2);
    expect(sender.reminders()).toHaveLength(2 * ADMINS.length);
    expect(crashed.failed).toBeGreaterThan(0);
    await inner.close();

    // Restart: new instances over the same file, once the dead instance's lease has run out.
    clock.advance(6 * 60 * 1000);
    const after = new RecordingSender(clock);
    const w = makeWorld(path, clock, after);
    const report = await w.sweeper.sweep();
    expect(report.ran).toBe(true);
    receiver.take(after.reminders().map((d) => d.id));

    expect(receiver.firstSeen.size).toBe(REFERRALS * ADMINS.length);
    // At-least-once: the batch whose outcomes were not written came twice, with the same event ids,
    // and was dropped by them; the batch recorded before the crash was not repeated.
    expect(receiver.repeats).toBe(ADMINS.length);
    const firstIds = new Set(sender.reminders().map((d) => d.id));
    expect(after.reminders().filter((d) => firstIds.has(d.id)).map((d) => d.id)).toEqual(sender.batches[1]);
    const stored = await w.opportunities.list(TENANT, { pageSize: 10 });
    for (const o of stored.items) expect(o.value.outbox).toEqual([]);
    // Nothing was queued twice: each reminder is marked done in the same write that queued it.
    expect(crashed.remindersQueued + report.remindersQueued).toBe(REFERRALS * ADMINS.length);
    await w.close();
  });
});

function sweeperOver(store: DocumentStore, clock: ManualClock, sender: RecordingSender, log: CapturingLog): Sweeper {
  const opportunities = new OpportunityRepository(store);
  const conversations = new ConversationRepository(store);
  const settings = new TenantSettingsService(store, clock);
  const roles = new RoleService(store, clock);
  const preferences = new UserPreferencesRepository(store, clock);
  return new Sweeper({
    opportunities,
    referrals: new ReferralService(opportunities, clock),
    settings,
    dispatcher: new OutboxDispatcher({ opportunities, conversations, sender, clock, log, random: () => 0 }),
    leases: new LeaseManager(store, clock),
    recipients: () => new RecipientDirectory({ conversations, settings, roles, preferences }),
    clock,
    log,
  });
}
