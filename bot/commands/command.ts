import type { TurnContext } from 'botbuilder';
import type { Translator } from '../../services/i18n/catalog';
import type { DialogRunner } from '../dialogRunner';

export interface CommandContext {
  turn: TurnContext;
  tr: Translator;
  /** What the person typed after the command words ("status of Contoso" → "Contoso"). */
  args: string;
  dialogs: DialogRunner;
}

/** A thing a person can ask the bot for by typing it (or by a help-card button that types it). */
export interface Command {
  id: string;
  /** Lower-case words that start it; the first one is what help-card buttons send. */
  triggers: ReadonlyArray<string>;
  /** Catalog key with `title` and `description`, when the command is listed in help. */
  helpKey?: string;
  run(ctx: CommandContext): Promise<void>;
}
