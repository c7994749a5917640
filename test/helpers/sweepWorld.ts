import type { JobLog } from '../../services/jobs/jobLog';
import { assembleSweep } from '../../services/jobs/sweepAssembly';
import { Sweeper } from '../../services/jobs/sweeper';
import type { ManualClock } from '../../services/clock';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import type { AnnounceEvent, NoticeResult, NotificationSender, SenderEvent, TeamsNoticeEvent } from '../../services/notifications/notificationSender';
import { OutboxDispatcher } from '../../services/notifications/outboxDispatcher';
import type { RetryPolicy } from '../../services/notifications/retryPolicy';
import type { Opportunity, OutboxEvent } from '../../services/opportunities/opportunity';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { UserPreferencesRepository } from '../../services/preferences/userPreferencesRepository';
import { ReferralService } from '../../services/referrals/referralService';
import { RoleService } from '../../services/roles/roleService';
import { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import type { DocumentStore, Versioned } from '../../services/store/documentStore';
import { SqliteStore } from '../../services/store/sqliteStore';

export interface Delivery {
  id: string;
  kind: OutboxEvent['kind'];
  notice?: string;
  conversationId?: string;
  reminderKey?: string;
  /** The substatus the opportunity had when it was delivered. */
  substatus?: string;
  at: string;
}

/**
 * A NotificationSender that records what reached it, by event id, and fails when `fail` says so
 * (before anything is received, like a refused request).
 */
export class RecordingSender implements NotificationSender {
  readonly received: Delivery[] = [];
  /** The event ids of each postNotices call. */
  readonly batches: string[][] = [];
  calls = 0;
  fail?: (event: OutboxEvent, call: number) => Error | undefined;
  /** Called once a delivery has been received (e.g. to make the process "die" right after a send). */
  onReceived?: (d: Delivery) => void;

  constructor(private readonly clock: ManualClock) {}

  private receive(event: OutboxEvent, o?: Opportunity): void {
    this.calls++;
    const failure = this.fail?.(event, this.calls);
    if (failure) throw failure;
    this.received.push({
      id: event.id,
      kind: event.kind,
      notice: event.kind === 'teams-notice' ? event.notice : undefined,
      conversationId: event.kind === 'teams-notice' ? event.conversationId : undefined,
      reminderKey: event.kind === 'teams-notice' ? event.reminderKey : undefined,
      substatus: o?.substatus,
      at: this.clock.now().toISOString(),
    });
    this.onReceived?.(this.received[this.received.length - 1]!);
  }

  /** Receives a batch one by one (in the order a paced sender would send it); a failure stops only its own notice. */
  async postNotices(o: Versioned<Opportunity>, events: ReadonlyArray<TeamsNoticeEvent>): Promise<NoticeResult[]> {
    this.batches.push(events.map((e) => e.id));
    return events.map((event): NoticeResult => {
      try {
        this.receive(event, o.value);
        return { posted: true };
      } catch (error) {
        return { posted: false, error };
      }
    });
  }

  async announce(o: Versioned<Opportunity>, event: AnnounceEvent): Promise<void> {
    this.receive(event, o.value);
  }

  async refreshCards(o: Versioned<Opportunity>): Promise<void> {
    const event: OutboxEvent = { id: `${o.value.id}:cards`, kind: 'teams-cards', createdAt: this.clock.now().toISOString() };
    this.receive(event, o.value);
  }

  async notifySender(event: SenderEvent): Promise<boolean> {
    this.receive(event);
    return true;
  }

  reminders(): Delivery[] {
    return this.received.filter((d) => d.notice === 'reminder');
  }
}

export class CapturingLog implements JobLog {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, fields });
  }
}

/** Every service the sweep needs, over one store: a "bot instance" without the bot. */
export interface SweepWorld {
  store: DocumentStore;
  opportunities: OpportunityRepository;
  referrals: ReferralService;
  conversations: ConversationRepository;
  roles: RoleService;
  settings: TenantSettingsService;
  preferences: UserPreferencesRepository;
  dispatcher: OutboxDispatcher;
  sweeper: Sweeper;
  log: CapturingLog;
  close(): Promise<void>;
}

export function makeWorld(path: string, clock: ManualClock, sender: NotificationSender, policy?: RetryPolicy, noticeBatch?: number): SweepWorld {
  return makeWorldOver(new SqliteStore(path), clock, sender, policy, noticeBatch);
}

export function makeWorldOver(store: DocumentStore, clock: ManualClock, sender: NotificationSender, policy?: RetryPolicy, noticeBatch?: number): SweepWorld {
  const log = new CapturingLog();
  return { store, ...assembleSweep({ store, clock, log, sender, policy, noticeBatch, random: () => 0 }), log, close: () => store.close() };
}

export const TENANT = 'tenant-a';

/** A personal chat with the bot, as the conversation tracker stores it. */
export function personalChat(userKey: string, overrides: Partial<ConversationRecord> = {}): Omit<ConversationRecord, 'id'> {
  return {
    tenantId: TENANT,
    conversationId: `a:chat-${userKey}`,
    kind: 'personal',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/amer/',
    bot: { id: '28:bot' },
    user: { id: `29:${userKey}`, aadObjectId: userKey },
    userKey,
    locale: 'en-US',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}
