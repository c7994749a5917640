import {
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  CloudAdapter,
  type TurnContext,
  UserState,
} from 'botbuilder';
import type { Clock } from '../services/clock';
import { RoleService } from '../services/roles/roleService';
import type { DocumentStore } from '../services/store/documentStore';
import { CommandRouter } from './commands/commandRouter';
import { helpCommand } from './commands/helpCommand';
import { createOfferModule, type OfferModule } from './offers/offerModule';
import type { AppConfig } from './config';
import { CosellBot, translatorFor } from './cosellBot';
import { DialogRunner } from './dialogRunner';
import type { Logger } from './logger';
import type { BackgroundTasks } from './backgroundTasks';
import { CloudAdapterMessenger, type ProactiveMessenger } from './proactive/messenger';
import { createReferralsModule } from './referrals/referralsModule';
import { createServer, REQUEST_ID, type RunningServer } from './server';
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
}

/** Replaceable parts, for tests that drive the bot without a Bot Connector. */
export interface AppOverrides {
  messenger?: ProactiveMessenger;
}

/** The composition root: every dependency is made here and passed through constructors. */
export function createApp(config: AppConfig, store: DocumentStore, logger: Logger, clock: Clock, overrides: AppOverrides = {}): App {
  const auth = new ConfigurationBotFrameworkAuthentication({ ...config.auth });
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
  const referrals = createReferralsModule({
    store,
    clock,
    logger,
    roles,
    messenger: overrides.messenger ?? new CloudAdapterMessenger(adapter, config.auth.MicrosoftAppId),
    webhookSecret: config.referralWebhookSecret,
  });
  router.register(...referrals.commands);

  const offers = createOfferModule({ store, roles, clock, allowLoopbackHttp: config.mode === 'local' });
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
  });
  const server = createServer({ adapter, bot, store, logger, routes: referrals.routes, rawBodyPaths: referrals.rawBodyPaths });
  return { server, adapter, bot, store, background: referrals.background, offers };
}
