import {
  ConversationState,
  CloudAdapter,
  type TurnContext,
  UserState,
} from 'botbuilder';
import { NewDealDialog } from '../dialogs/newDeal/newDealDialog';
import type { Clock } from '../services/clock';
import { CustomerDirectory } from '../services/customers/customerDirectory';
import { KnownCustomers } from '../services/customers/knownCustomers';
import { DealService } from '../services/deals/dealService';
import { RecentContacts } from '../services/deals/recentContacts';
import { OpportunityRepository } from '../services/opportunities/opportunityRepository';
import type { Sweeper } from '../services/jobs/sweeper';
import { TeamsSendLimiter } from '../services/notifications/rateLimiter';
import { SendPacer } from '../services/notifications/sendPacer';
import { RoleService } from '../services/roles/roleService';
import type { DocumentStore } from '../services/store/documentStore';
import { CommandRouter } from './commands/commandRouter';
import { helpCommand } from './commands/helpCommand';
import { createOfferModule, type OfferModule } from './offers/offerModule';
import { newDealCommand } from './commands/newDealCommand';
import type { AppConfig } from './config';
import { CosellBot, translatorFor } from './cosellBot';
import { answerCustomerSearch } from './customerSearchInvoke';
import { DialogRunner } from './dialogRunner';
import type { Logger } from './logger';
import type { BackgroundTasks } from './backgroundTasks';
import type { SweepScheduler } from './jobs/sweepScheduler';
import { PacedMessenger } from './proactive/pacedMessenger';
import { createRemindersModule } from './reminders/remindersModule';
import { CloudAdapterMessenger, type ProactiveMessenger } from './proactive/messenger';
import { createReferralsModule } from './referrals/referralsModule';
import { ReusedConnectorClientsAuthentication } from './reusedConnectorClients';
import { createServer, REQUEST_ID, type RunningServer } from './server';
import { SolutionCatalog, type OurSolutionsSource } from '../services/solutions/solutionCatalog';
import { StoreStorage } from './storeStorage';

export interface App {
  server: RunningServer;
  adapter: CloudAdapter;
  bot: CosellBot;
  store: DocumentStore;
  /** Work started after an answer was sent (card posts and updates); drain it before stopping. */
  background: BackgroundTasks;
  /** Co-sell offers; `offers.solutionsSource` feeds "our company's solutions" to the deals flow. */
  offers: OfferModule;
  /** Reminders, expiry and notification delivery; also behind POST /api/jobs/sweep. */
  sweeper: Sweeper;
  /** Runs the sweep every SWEEP_INTERVAL_SECONDS once started (bot/index.ts starts it). */
  scheduler: SweepScheduler;
  /** Paces every proactive send; closing it releases sends still waiting (they stay queued). */
  pacer: SendPacer;
}

/** Replaceable parts, for tests that drive the bot without a Bot Connector. */
export interface AppOverrides {
  messenger?: ProactiveMessenger;
  /** Our company's solutions; by default the partner's co-sell-ready offers. */
  ourSolutions?: OurSolutionsSource;
}

/** The composition root: every dependency is made here and passed through constructors. */
export function createApp(config: AppConfig, store: DocumentStore, logger: Logger, clock: Clock, overrides: AppOverrides = {}): App {
  const auth = new ReusedConnectorClientsAuthentication({ ...config.auth });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (turn: TurnContext, error: Error) => {
    const requestId = String(turn.turnState.get(REQUEST_ID) ?? 'unknown');
    logger.error('turn error', { requestId, activityType: turn.activity.type, err: error });
    // Only a person who wrote something is waiting for an answer; invokes and events get none.
    if (turn.activity.type === 'message') {
      try {
        await turn.sendActivity(translatorFor(turn).t('common.error', { requestId }));
      } catch (sendError) {
        logger.error('could not tell the user about the error', { requestId, err: sendError });
      }
    }
  };

  const storage = new StoreStorage(store);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialogs = new DialogRunner(conversationState);
  const router = new CommandRouter();
  router.register(helpCommand(router));

  const roles = new RoleService(store, clock);
  const offers = createOfferModule({ store, roles, clock, allowLoopbackHttp: config.mode === 'local' });

  const opportunities = new OpportunityRepository(store);
  const knownCustomers = new KnownCustomers(opportunities, clock);
  const directory = CustomerDirectory.shipped(knownCustomers, opportunities);
  const recentContacts = new RecentContacts(store, clock);
  const deals = new DealService({
    opportunities,
    roles,
    recentContacts,
    clock,
    warn: (message, err) => logger.warn(message, { err }),
    onCreated: (deal) => knownCustomers.forget(deal.tenantId),
  });
  // Our company's solutions are the partner's offers that are Co-sell ready or better.
  const solutions = SolutionCatalog.shipped(overrides.ourSolutions ?? offers.solutionsSource);
  dialogs.add(new NewDealDialog({ directory, recentContacts, solutions, deals, clock }));
  router.register(newDealCommand(deals));

  // Every proactive post and update waits for its turn under Teams' rate limits.
  const pacer = new SendPacer(new TeamsSendLimiter(config.rateLimits, { margin: config.rateLimitMargin }));
  const messenger = new PacedMessenger(overrides.messenger ?? new CloudAdapterMessenger(adapter, config.auth.MicrosoftAppId), pacer);
  // The referrals module asks for queued notifications to go out now; the reminders module delivers them.
  let deliverNow: (tenantId: string, id: string) => Promise<void> = async () => undefined;
  const referrals = createReferralsModule({
    store,
    clock,
    logger,
    roles,
    messenger,
    webhookSecret: config.referralWebhookSecret,
    deliverSoon: (tenantId, id) => referrals.background.run('deliver notifications', () => deliverNow(tenantId, id)),
  });
  router.register(...referrals.commands);
  const reminders = createRemindersModule({ store, clock, logger, roles, messenger, referrals, config });
  deliverNow = reminders.deliverNow;
  router.register(...reminders.commands);
  referrals.cardActions.register(...reminders.cardActions);

  router.register(...offers.commands);
  dialogs.add(...offers.dialogs);

  const bot = new CosellBot({
    conversationState,
    userState,
    router,
    dialogs,
    roles,
    cardActions: referrals.cardActions,
    tracker: referrals.tracker,
    onFiles: offers.onFiles,
    fileConsent: offers.fileConsent,
    search: (turn) => answerCustomerSearch(turn, directory, deals),
  });
  const server = createServer({
    adapter,
    bot,
    store,
    logger,
    routes: [...referrals.routes, ...reminders.routes],
    rawBodyPaths: [...referrals.rawBodyPaths, ...reminders.rawBodyPaths],
  });
  return {
    server,
    adapter,
    bot,
    store,
    background: referrals.background,
    offers,
    sweeper: reminders.sweeper,
    scheduler: reminders.scheduler,
    pacer,
  };
}
