import type { Activity } from 'botbuilder';

/**
 * Buttons that run a command ("New deal", "Inbound", "More", an offer's "Status" …) are plain
 * `Action.Submit` buttons whose data is `{ "command": "<what a person would type>" }`.
 *
 * Not Teams' `msteams: { type: "imBack" }` data: Microsoft 365 Agents Playground cannot send it
 * (its card renderer throws "Cannot add property msTeams, object is not extensible" on every such
 * click, so help-card buttons did nothing there). Plain submit data works the same in Teams (also
 * in channels), the Playground and Web Chat; the one difference is that Teams does not echo the
 * command as the person's own message.
 */
export const COMMAND_FIELD = 'command';

/** The command a pressed command button carries, when this message is such a press. */
export function pressedCommand(activity: Partial<Activity>): string | undefined {
  if (typeof activity.text === 'string' && activity.text.trim() !== '') return undefined;
  const value = activity.value as Record<string, unknown> | undefined;
  const command = value && typeof value === 'object' ? value[COMMAND_FIELD] : undefined;
  return typeof command === 'string' && command.trim() !== '' ? command : undefined;
}

/**
 * Makes a command button press exactly the same turn as typing the command: the text is the
 * command, and there is no card value for an active dialog to mistake for one of its forms.
 */
export function typeInPressedCommand(activity: Partial<Activity>): void {
  const command = pressedCommand(activity);
  if (command === undefined) return;
  activity.text = command;
  activity.value = undefined;
}
