import type * as restify from 'restify';
import type { Clock } from '../../services/clock';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import { assembleSweep } from '../../services/jobs/sweepAssembly';
import type { Sweeper } from '../../services/jobs/sweeper';
import { emptyDeliveryCounts } from '../../services/notifications/outboxDispatcher';
import { DEFAULT_RETRY_POLICY } from '../../services/notifications/retryPolicy';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { UserPreferencesRepository } from '../../services/preferences/userPreferencesRepository';
import { ReminderSettings } from '../../services/reminders/reminderSettings';
import type { RoleService } from '../../services/roles/roleService';
import { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import type { DocumentStore } from '../../services/store/documentStore';
import type { CardActionHandler } from '../cardActions/cardAction';
import { cosellHandlers } from '../cardActions/cosellHandlers';
import type { Command } from '../commands/command';
import { reminderCommands } from '../commands/reminderCommands';
import type { AppConfig } from '../config';
import { SWEEP_PATH, sweepRoute } from '../jobs/sweepRoute';
import { SweepScheduler } from '../jobs/sweepScheduler';
import type { Logger } from '../logger';
import { TeamsNotificationSender } from '../notifications/teamsNotificationSender';
import type { ProactiveMessenger } from '../proactive/messenger';
import { ReferralCardDrawer } from '../referrals/referralCardDrawer';
import type { ReferralsModule } from '../referrals/referralsModule';
import { RefreshAudience } from '../referrals/refreshAudience';
import { SenderWebhookClient } from '../webhooks/senderWebhookClient';

export interface RemindersModuleDeps {
  store: DocumentStore;
  clock: Clock;
  logger: Logger;
  roles: RoleService;
  /** Paced under Teams' rate limits. */
  messenger: ProactiveMessenger;
  referrals: ReferralsModule;
  config: Pick<AppConfig, 'sweepIntervalSeconds' | 'jobsSecret' | 'senderWebhook' | 'outboxMaxAttempts' | 'outboxBatchSize'>;
}

/** Reminders, expiry and notifications: the sweep (timer and HTTP trigger), commands and card verbs. */
export interface RemindersModule {
  commands: Command[];
  cardActions: CardActionHandler[];
  routes: Array<(server: restify.Server) => void>;
  rawBodyPaths: string[];
  sweeper: Sweeper;
  /** Delivers one opportunity's queued notifications now (after the webhook stored a referral). */
  deliverNow(tenantId: string, id: string): Promise<void>;
  /** Not started here: bot/index.ts starts it once the server listens (tests drive sweeps themselves). */
  scheduler: SweepScheduler;
}

export function createRemindersModule(deps: RemindersModuleDeps): RemindersModule {
  const { store, clock, logger, roles, messenger, referrals, config } = deps;
  const opportunities = new OpportunityRepository(store);
  const conversations = new ConversationRepository(store);
  const postedCards = new PostedCardRepository(store, clock);
  const settings = new TenantSettingsService(store, clock);
  const preferences = new UserPreferencesRepository(store, clock);
  const cards = new ReferralCardDrawer(new RefreshAudience(roles, conversations), clock);

  const sender = new TeamsNotificationSender({
    conversations,
    postedCards,
    messenger,
    cards,
    publisher: referrals.publisher,
    senderWebhook: config.senderWebhook ? new SenderWebhookClient(config.senderWebhook.url, config.senderWebhook.secret, clock) : undefined,
  });
  const { dispatcher, sweeper } = assembleSweep({
    store,
    clock,
    log: logger,
    sender,
    opportunities,
    referrals: referrals.referrals,
    roles,
    conversations,
    settings,
    preferences,
    policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.outboxMaxAttempts },
    noticeBatch: config.outboxBatchSize,
  });

  return {
    commands: reminderCommands({ preferences, reminders: new ReminderSettings(settings, opportunities, clock), roles }),
    cardActions: cosellHandlers({
      referrals: referrals.referrals,
      opportunities,
      roles,
      cards,
      publisher: referrals.publisher,
      background: referrals.background,
      clock,
    }),
    routes: [sweepRoute({ secret: config.jobsSecret, sweeper, clock, logger })],
    rawBodyPaths: [SWEEP_PATH],
    sweeper,
    deliverNow: (tenantId, id) => dispatcher.deliverDue(tenantId, id, emptyDeliveryCounts()),
    scheduler: new SweepScheduler(sweeper, config.sweepIntervalSeconds, logger),
  };
}
