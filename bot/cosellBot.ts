import {
  CardFactory,
  type ConversationState,
  type InvokeResponse,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type UserState,
} from 'botbuilder';
import { expandCard } from '../cards/cardFactory';
import { Translator } from '../services/i18n/catalog';
import { normaliseText, type CommandRouter } from './commands/commandRouter';
import type { RoleService } from '../services/roles/roleService';
import { SEARCH_INVOKE } from './customerSearchInvoke';
import type { DialogRunner } from './dialogRunner';
import { personOf, tenantOf } from './teamsIdentity';

export interface CosellBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  router: CommandRouter;
  dialogs: DialogRunner;
  roles: RoleService;
  /** Answers Adaptive Card type-ahead searches (invoke "application/search"). */
  search?: (turn: TurnContext) => Promise<InvokeResponse>;
}

const CANCEL_WORDS = new Set(['cancel', 'stop', 'quit', 'exit']);

/** The activity handler: routes each turn to a dialog, a command, or a card verb. */
export class CosellBot extends TeamsActivityHandler {
  constructor(private readonly deps: CosellBotDeps) {
    super();

    this.onMessage(async (turn, next) => {
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
      // Greet the chat once when the bot arrives, and a person who opens a personal chat with it;
      // people joining a team channel are not greeted one by one.
      const personal = turn.activity.conversation.conversationType === 'personal';
      if (botAdded || (personAdded && personal)) {
        const tr = translatorFor(turn);
        await turn.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(expandCard('welcome', {}, tr))));
      }
      await next();
    });
  }

  protected override async onInvokeActivity(turn: TurnContext): Promise<InvokeResponse> {
    if (turn.activity.name === SEARCH_INVOKE && this.deps.search) return this.deps.search(turn);
    return super.onInvokeActivity(turn);
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

    if (!text) {
      await turn.sendActivity(tr.t('common.emptyMessage'));
      return;
    }
    const match = router.match(text);
    if (!match) {
      await turn.sendActivity(tr.t('common.unknownCommand', { text }));
      return;
    }
    await match.command.run({ turn, tr, args: match.args, dialogs });
  }
}

export function translatorFor(turn: TurnContext): Translator {
  return new Translator(turn.activity.locale);
}
