import { postActivity, type StartedBot } from './botServer';
import type { LocalConnector, ReceivedActivity } from './localConnector';
import { teamsMessage } from './teamsActivities';

export type SentCard = { contentType: string; name?: string; contentUrl?: string; content: Record<string, unknown> };

/** Every string in a value (a card), depth first: for "the card says …" assertions. */
export function texts(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => texts(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => texts(x, out));
  return out;
}

export function cardsOf(replies: ReceivedActivity[]): SentCard[] {
  return replies.flatMap((r) => (r.body.attachments as SentCard[] | undefined) ?? []);
}

export function textOf(replies: ReceivedActivity[]): string {
  return replies.map((r) => String(r.body.text ?? '')).join('\n');
}

/**
 * One Teams conversation with the bot over HTTP. The bot answers a POST only after its replies
 * reached the connector, so each call returns exactly the replies that activity produced.
 */
export function conversation(bot: StartedBot, connector: LocalConnector, conversationId: string) {
  const send = async (activity: Record<string, unknown>): Promise<ReceivedActivity[]> => {
    const before = connector.received.length;
    const res = await postActivity(bot.url, activity);
    if (res.status >= 300) throw new Error(`bot answered HTTP ${res.status}`);
    return connector.received.slice(before).filter((a) => a.conversationId === conversationId);
  };
  const message = (text: string, extra: Record<string, unknown> = {}) =>
    send({ ...teamsMessage(text, { serviceUrl: connector.url, conversationId }), ...extra });
  return {
    send,
    message,
    submit: (value: Record<string, unknown>, extra: Record<string, unknown> = {}) => message('', { value, ...extra }),
    base: () => teamsMessage('', { serviceUrl: connector.url, conversationId }),
  };
}
