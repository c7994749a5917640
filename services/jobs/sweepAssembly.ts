import type { Clock } from '../clock';
import { ConversationRepository } from '../conversations/conversationRepository';
import type { NotificationSender } from '../notifications/notificationSender';
import { OutboxDispatcher } from '../notifications/outboxDispatcher';
import { RecipientDirectory } from '../notifications/recipients';
import type { RetryPolicy } from '../notifications/retryPolicy';
import { OpportunityRepository } from '../opportunities/opportunityRepository';
import { UserPreferencesRepository } from '../preferences/userPreferencesRepository';
import { ReferralService } from '../referrals/referralService';
import { RoleService } from '../roles/roleService';
import { TenantSettingsService } from '../settings/tenantSettingsService';
import type { DocumentStore } from '../store/documentStore';
import type { JobLog } from './jobLog';
import { LeaseManager } from './lease';
import { Sweeper } from './sweeper';

export interface SweepAssemblyOptions {
  store: DocumentStore;
  clock: Clock;
  log: JobLog;
  /** Who delivers the outbox: Teams and the sender's webhook in the bot, a recorder in tests. */
  sender: NotificationSender;
  /** Services the caller already has (the bot shares them with its card actions); made here otherwise. */
  opportunities?: OpportunityRepository;
  referrals?: ReferralService;
  roles?: RoleService;
  conversations?: ConversationRepository;
  settings?: TenantSettingsService;
  preferences?: UserPreferencesRepository;
  policy?: RetryPolicy;
  noticeBatch?: number;
  /** The retry jitter's source; tests make it repeatable. */
  random?: () => number;
}

export interface SweepAssembly {
  opportunities: OpportunityRepository;
  referrals: ReferralService;
  roles: RoleService;
  conversations: ConversationRepository;
  settings: TenantSettingsService;
  preferences: UserPreferencesRepository;
  dispatcher: OutboxDispatcher;
  sweeper: Sweeper;
}

/** The sweeper and its outbox dispatcher over one store: wired once, for the bot, the tests and the benchmarks alike. */
export function assembleSweep(o: SweepAssemblyOptions): SweepAssembly {
  const { store, clock, log } = o;
  const opportunities = o.opportunities ?? new OpportunityRepository(store);
  const referrals = o.referrals ?? new ReferralService(opportunities, clock);
  const roles = o.roles ?? new RoleService(store, clock);
  const conversations = o.conversations ?? new ConversationRepository(store);
  const settings = o.settings ?? new TenantSettingsService(store, clock);
  const preferences = o.preferences ?? new UserPreferencesRepository(store, clock);
  const dispatcher = new OutboxDispatcher({ opportunities, conversations, sender: o.sender, clock, log, policy: o.policy, random: o.random, noticeBatch: o.noticeBatch });
  const sweeper = new Sweeper({
    opportunities,
    referrals,
    settings,
    dispatcher,
    leases: new LeaseManager(store, clock),
    recipients: () => new RecipientDirectory({ conversations, settings, roles, preferences }),
    clock,
    log,
  });
  return { opportunities, referrals, roles, conversations, settings, preferences, dispatcher, sweeper };
}
