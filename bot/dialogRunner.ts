import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ConversationState } from 'botbuilder';
import { type Dialog, DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';

/**
 * Runs the multi-turn conversations. The dialog stack lives in conversation state, which lives in
 * the store, so an unfinished dialog continues after a restart.
 */
export class DialogRunner {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;

  constructor(conversationState: ConversationState) {
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new DialogSet(this.dialogState);
  }

  add(...dialogs: Dialog[]): this {
    for (const d of dialogs) this.dialogs.add(d);
    return this;
  }

  /** Continues the active dialog, if any. Returns false when no dialog was waiting. */
  async continue(turn: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(turn);
    if (!dc.activeDialog) return false;
    const result = await dc.continueDialog();
    return result.status !== DialogTurnStatus.empty;
  }

  async isActive(turn: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(turn);
    return dc.activeDialog !== undefined;
  }

  async begin(turn: TurnContext, dialogId: string, options?: object): Promise<void> {
    const dc = await this.dialogs.createContext(turn);
    await dc.cancelAllDialogs();
    await dc.beginDialog(dialogId, options);
  }

  async cancelAll(turn: TurnContext): Promise<boolean> {
    const dc = await this.dialogs.createContext(turn);
    if (!dc.activeDialog) return false;
    await dc.cancelAllDialogs();
    return true;
  }
}
