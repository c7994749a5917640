import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ConversationState,
  type InvokeResponse,
  type FileConsentCardResponse,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type UserState,
} from 'botbuilder';
import { expandCard } from '../cards/cardFactory';
import { Translator } from '../services/i18n/catalog';
import type { CommandContext } from './commands/command';
import { typeInPressedCommand } from './commands/commandButton';
import { normaliseText, type CommandRouter } from './commands/commandRouter';
import type { RoleService } from '../services/roles/roleService';
import type { CardActionRouter } from './cardActions/cardAction';
import { errorResponse } from './cardActions/invokeResponses';
import type { ConversationTracker } from './conversations/conversationTracker';
import { SEARCH_INVOKE } from './customerSearchInvoke';
import type { DialogRunner } from './dialogRunner';
import { personOf, tenantOf } from './teamsIdentity';

export interface CosellBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  router: CommandRouter;
  dialogs: DialogRunner;
  roles: RoleService;
  /** Answers Action.Execute buttons (verb → handler). */
  cardActions?: CardActionRouter;
  /** Remembers where the bot can post proactively. */
  tracker?: ConversationTracker;
  /** A message carrying files that no command claims (a contacts CSV, a co-sell document). */
  onFiles?: (ctx: CommandContext) => Promise<boolean>;
  /** Answers to file consent cards (Teams personal chat: the bot offered to send a file). */
  fileConsent?: {
    accept(turn: TurnContext, response: FileConsentCardResponse): Promise<void>;
    decline(turn: TurnContext, response: FileConsentCardResponse): Promise<void>;
  };
  /** Answers Adaptive Card type-ahead searches (invoke "application/search"). */
  search?: (turn: TurnContext) => Promise<InvokeResponse>;
}

const CANCEL_WORDS = new Set(['cancel', 'stop', 'quit', 'exit']);

/** The activity handler: routes each turn to a dialog, a command, or a card verb. */
export class CosellBot extends TeamsActivityHandler {
  constructor(private readonly deps: CosellBotDeps) {
    super();

    this.onMessage(async (turn, next) => {
      // A command button's press is the same turn as typing its command.
      typeInPressedCommand(turn.activity);
      // First message in a conversation (or tenant): remember it, and make sure the tenant has an admin.
      await this.deps.tracker?.remember(turn);
      await this.handleMessage(turn);
      await next();
    });

    this.onMembersAdded(async (turn, next) => {
      const added = turn.activity.membersAdded ?? [];
      const botAdded = added.some((m) => m.id === turn.activity.recipient.id);
      const personAdded = added.some((m) => m.id !== turn.activity.recipient.id);
      const tenantId = tenantOf(turn);
      // The first person to install the bot in a tenant becomes its MPN partner admin.
      if (botAdded && tenantId) await this.deps.roles.ensureFirstAdmin(tenantId, personOf(turn));
      const personal = turn.activity.conversation.conversationType === 'personal';
      if (botAdded || personal) await this.deps.tracker?.remember(turn);
      // Greet the chat once when the bot arrives, and a person who opens a personal chat with it;
      // people joining a team channel are not greeted one by one.
      if (botAdded || (personAdded && personal)) {
        const tr = translatorFor(turn);
        await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(expandCard('welcome', {}, tr))));
      }
      await next();
    });

    this.onMembersRemoved(async (turn, next) => {
      // Removed from a chat or team: it can no longer be posted to.
      const botRemoved = (turn.activity.membersRemoved ?? []).some((m) => m.id === turn.activity.recipient.id);
      if (botRemoved) await this.deps.tracker?.forget(turn);
      await next();
    });

    this.onInstallationUpdateRemove(async (turn, next) => {
      await this.deps.tracker?.forget(turn);
      await next();
    });

    this.onInstallationUpdateAdd(async (turn, next) => {
      await this.deps.tracker?.remember(turn, true);
      await next();
    });

    this.onTeamsTeamRestoredEvent(async (_team, turn, next) => {
      await this.deps.tracker?.remember(turn, true);
      await next();
    });

    this.onTeamsTeamDeletedEvent(async (team, turn, next) => {
      if (team.id) await this.deps.tracker?.forgetTeam(turn, team.id);
      await next();
    });

    this.onTeamsChannelDeletedEvent(async (channel, _team, turn, next) => {
      if (channel.id) await this.deps.tracker?.forgetChannel(turn, channel.id);
      await next();
    });
  }

  /** Type-ahead searches go to the customer directory; a malformed adaptiveCard/action is refused here. */
  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    if (turn.activity.name === SEARCH_INVOKE && this.deps.search) return this.deps.search(turn);
    if (turn.activity.name === 'adaptiveCard/action') {
      const action = (turn.activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
      if (!action || action.type !== 'Action.Execute' || typeof action.verb !== 'string') {
        const body = errorResponse(400, 'badRequest', translatorFor(turn).t('referrals.errors.unknownVerb'));
        return { status: 400, body };
      }
    }
    return super.onInvokeActivity(turn);
  }

  protected override async onAdaptiveCardInvoke(turn: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    if (!this.deps.cardActions) return super.onAdaptiveCardInvoke(turn, value);
    return this.deps.cardActions.dispatch(turn, value);
  }

  override async run(turn: TurnContext): Promise<void> {
    await super.run(turn);
    // State is saved at the end of every turn, so nothing said is lost if the process stops next.
    await this.deps.conversationState.saveChanges(turn, false);
    await this.deps.userState.saveChanges(turn, false);
  }

  private async handleMessage(turn: TurnContext): Promise<void> {
    const tr = translatorFor(turn);
    const text = normaliseText(TurnContext.removeRecipientMention(turn.activity) ?? turn.activity.text ?? '');
    const { dialogs, router } = this.deps;

    if (CANCEL_WORDS.has(text.toLowerCase())) {
      const cancelled = await dialogs.cancelAll(turn);
      await turn.sendActivity(tr.t(cancelled ? 'common.cancelled' : 'common.nothingToCancel'));
      return;
    }
    if (await dialogs.continue(turn)) return;

    const match = text ? router.match(text) : undefined;
    if (!match && this.deps.onFiles && (await this.deps.onFiles({ turn, tr, args: text, dialogs }))) return;
    if (!text) {
      await turn.sendActivity(tr.t('common.emptyMessage'));
      return;
    }
    if (!match) {
      await turn.sendActivity(tr.t('common.unknownCommand', { text }));
      return;
    }
    await match.command.run({ turn, tr, args: match.args, dialogs });
  }

  protected override async handleTeamsFileConsentAccept(turn: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.deps.fileConsent) return super.handleTeamsFileConsentAccept(turn, response);
    await this.deps.fileConsent.accept(turn, response);
  }

  protected override async handleTeamsFileConsentDecline(turn: TurnContext, response: FileConsentCardResponse): Promise<void> {
    if (!this.deps.fileConsent) return super.handleTeamsFileConsentDecline(turn, response);
    await this.deps.fileConsent.decline(turn, response);
  }
}

export function translatorFor(turn: TurnContext): Translator {
  return new Translator(turn.activity.locale);
}
