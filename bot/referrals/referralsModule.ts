import type * as restify from 'restify';
import type { Clock } from '../../services/clock';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { CardRefreshQueue } from '../../services/notifications/cardRefreshQueue';
import { ReferralService } from '../../services/referrals/referralService';
import type { RoleService } from '../../services/roles/roleService';
import { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import type { DocumentStore } from '../../services/store/documentStore';
import { BackgroundTasks } from '../backgroundTasks';
import { CardActionRouter } from '../cardActions/cardAction';
import { inboxHandlers } from '../cardActions/inboxHandlers';
import { referralHandlers } from '../cardActions/referralHandlers';
import type { Command } from '../commands/command';
import { demoReferralCommand } from '../commands/demoReferralCommand';
import { inboxCommands } from '../commands/inboxCommands';
import { referralsChannelCommand } from '../commands/referralsChannelCommand';
import { roleCommands } from '../commands/roleCommands';
import { ConversationTracker } from '../conversations/conversationTracker';
import type { Logger } from '../logger';
import type { ProactiveMessenger } from '../proactive/messenger';
import { REFERRAL_WEBHOOK_PATH, referralWebhookRoute } from '../webhooks/referralWebhook';
import { InboxLister } from './inboxLister';
import { ReferralCardDrawer } from './referralCardDrawer';
import { ReferralCardPublisher } from './referralCardPublisher';
import { RefreshAudience } from './refreshAudience';

export interface ReferralsModuleDeps {
  store: DocumentStore;
  clock: Clock;
  logger: Logger;
  roles: RoleService;
  messenger: ProactiveMessenger;
  webhookSecret?: string;
  /** Delivers an opportunity's queued notifications now (the reminders module's dispatcher); else the sweep does. */
  deliverSoon?: (tenantId: string, id: string) => void;
}

/** Everything referrals add to the bot: commands, card verbs, the webhook, and proactive posting. */
export interface ReferralsModule {
  commands: Command[];
  cardActions: CardActionRouter;
  tracker: ConversationTracker;
  routes: Array<(server: restify.Server) => void>;
  /** Routes that verify a signature over the raw body, so the server must not parse it first. */
  rawBodyPaths: string[];
  background: BackgroundTasks;
  referrals: ReferralService;
  publisher: ReferralCardPublisher;
}

export function createReferralsModule(deps: ReferralsModuleDeps): ReferralsModule {
  const { store, clock, logger, roles, messenger } = deps;
  const opportunities = new OpportunityRepository(store);
  const referrals = new ReferralService(opportunities, clock);
  const conversations = new ConversationRepository(store);
  const postedCards = new PostedCardRepository(store, clock);
  const settings = new TenantSettingsService(store, clock);
  const background = new BackgroundTasks(logger);
  const tracker = new ConversationTracker(conversations, roles, clock);
  const cards = new ReferralCardDrawer(new RefreshAudience(roles, conversations), clock);
  const refreshQueue = new CardRefreshQueue(opportunities, clock);
  const publisher = new ReferralCardPublisher({ conversations, settings, roles, postedCards, messenger, cards, refreshQueue, logger });
  const lister = new InboxLister(opportunities, clock);

  const cardActions = new CardActionRouter().register(
    ...referralHandlers({ referrals, opportunities, roles, cards, publisher, background, clock }),
    ...inboxHandlers(lister),
  );
  const commands = [
    ...inboxCommands(lister),
    demoReferralCommand({ referrals, cards, postedCards, roles, clock }),
    ...roleCommands({ roles, conversations }),
    referralsChannelCommand({ settings, roles, tracker }),
  ];
  const deliverSoon = deps.deliverSoon ?? (() => undefined);
  const routes = [referralWebhookRoute({ secret: deps.webhookSecret, referrals, publisher, background, clock, logger, deliverSoon })];
  return { commands, cardActions, tracker, routes, rawBodyPaths: [REFERRAL_WEBHOOK_PATH], background, referrals, publisher };
}
