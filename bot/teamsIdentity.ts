import type { TurnContext } from 'botbuilder';

/** The partner tenant of the person in this turn: Teams puts it on the conversation and channelData. */
export function tenantOf(turn: TurnContext): string | undefined {
  const a = turn.activity;
  const fromChannel = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return a.conversation?.tenantId ?? (typeof fromChannel === 'string' ? fromChannel : undefined);
}

/** The person's stable id: their Entra object id in Teams, else the channel id (Playground, tests). */
export function personOf(turn: TurnContext): { userId: string; name?: string } {
  const from = turn.activity.from;
  return { userId: from.aadObjectId ?? from.id, name: from.name };
}
