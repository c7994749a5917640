import { actionTitled, cardText, pressData, type Json } from './cards';
import { WebSocketClient } from './webSocketClient';

/** A message the chat shows, as the Playground streams it to its page. */
export interface ChatMessage {
  /** createMessage: a new message; updateMessage: the bot changed a message it had posted. */
  action: 'createMessage' | 'updateMessage';
  conversationId: string;
  messageId: string;
  fromBot: boolean;
  text?: string;
  /** The first attachment's Adaptive Card, if the message is a card. */
  card?: Json;
}

/** Where to start looking for replies: the length of the message log before something was sent. */
export type Mark = number;

interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; aadObjectId: string; email: string };
  personalChat: { id: string; name: string };
}

const WAIT_MS = 15_000;

/**
 * Drives Microsoft 365 Agents Playground through the same HTTP and WebSocket API its web page
 * uses (read from the page's script: /_internal/v1/config, /_debug/conversation/:id/installation,
 * /_conversation/v1/conversations/:id/messages, /_conversation/v1/submit, /_conversation/v1/invoke
 * and the /_ws_conversation/v1/conversations/stream WebSocket), as the Playground's signed-in
 * person in the personal chat with the bot.
 */
export class PlaygroundClient {
  readonly messages: ChatMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private socket?: WebSocketClient;
  private socketProblem?: string;

  private constructor(
    readonly baseUrl: string,
    readonly config: PlaygroundConfig,
  ) {}

  static async connect(baseUrl: string): Promise<PlaygroundClient> {
    const res = await fetch(`${baseUrl}/_internal/v1/config`);
    if (!res.ok) throw new Error(`${baseUrl}/_internal/v1/config answered ${res.status}`);
    const { config } = (await res.json()) as { config: PlaygroundConfig };
    const client = new PlaygroundClient(baseUrl, config);
    const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`;
    client.socket = await WebSocketClient.connect(
      wsUrl,
      (text) => client.onFrame(text),
      (why) => {
        client.socketProblem = why;
        client.wake();
      },
    );
    return client;
  }

  get tenantId(): string {
    return this.config.tenantId;
  }
  get chatId(): string {
    return this.config.personalChat.id;
  }
  get userId(): string {
    return this.config.currentUser.id;
  }

  close(): void {
    this.socket?.close();
  }

  mark(): Mark {
    return this.messages.length;
  }

  /** What the page does when the person first opens the chat: the Playground installs the bot there. */
  async openChat(): Promise<Mark> {
    const mark = this.mark();
    await this.post(`/_debug/conversation/${encodeURIComponent(this.chatId)}/installation`, {});
    return mark;
  }

  /** Types a message in the compose box and sends it. */
  async say(text: string): Promise<Mark> {
    const mark = this.mark();
    await this.post(`/_conversation/v1/conversations/${encodeURIComponent(this.chatId)}/messages`, {
      type: 'text',
      text,
      textFormat: 'plain',
      from: { id: this.userId },
    });
    return mark;
  }

  /** Presses an Action.Submit button of a card in the chat, after filling in `answers`. */
  async submit(message: ChatMessage, title: string, answers: Record<string, string> = {}): Promise<Mark> {
    const card = cardOf(message);
    const action = actionTitled(card, title);
    if (action.type !== 'Action.Submit') throw new Error(`"${title}" is an ${action.type}, not an Action.Submit`);
    const mark = this.mark();
    await this.post('/_conversation/v1/submit', {
      conversation: { id: message.conversationId },
      replyToId: message.messageId,
      value: pressData(card, action, answers),
      from: { id: this.userId },
    });
    return mark;
  }

  /**
   * Presses an Action.Execute button: the Playground relays the adaptiveCard/action invoke and,
   * when the bot answers with a card, shows that card in place of the pressed one. Returns it.
   */
  async execute(message: ChatMessage, card: Json, title: string, answers: Record<string, string> = {}): Promise<Json> {
    const action = actionTitled(card, title);
    if (action.type !== 'Action.Execute' || !action.verb) throw new Error(`"${title}" is an ${action.type}, not an Action.Execute with a verb`);
    const answer = (await this.post('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action',
      value: { action: { type: action.type, title: action.title, verb: action.verb, data: pressData(card, action, answers) } },
      from: { id: this.userId },
      conversation: { id: message.conversationId },
      replyToId: message.messageId,
    })) as { type?: string; value?: unknown };
    if (answer.type !== 'application/vnd.microsoft.card.adaptive' || typeof answer.value !== 'object' || answer.value === null) {
      throw new Error(`pressing "${title}" did not answer with a card: ${JSON.stringify(answer).slice(0, 500)}`);
    }
    return answer.value as Json;
  }

  /** The first message after `since` that matches, waiting for it to arrive. */
  async next(since: Mark, what: string, match: (m: ChatMessage) => boolean, timeoutMs = WAIT_MS): Promise<ChatMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(since).find(match);
      if (found) return found;
      if (this.socketProblem) throw new Error(`the Playground's message stream stopped (${this.socketProblem}) while waiting for ${what}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; the chat shows since then:\n${this.describe(since)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  /** The bot's next new card in the chat showing every one of `texts`. */
  nextCard(since: Mark, ...texts: string[]): Promise<ChatMessage> {
    return this.next(since, `card from the bot showing ${texts.map((t) => `"${t}"`).join(', ')}`, (m) => {
      return m.fromBot && m.action === 'createMessage' && m.card !== undefined && texts.every((t) => cardText(m.card!).includes(t));
    });
  }

  /** The bot's next new text message containing every one of `texts`. */
  nextText(since: Mark, ...texts: string[]): Promise<ChatMessage> {
    return this.next(since, `message from the bot saying ${texts.map((t) => `"${t}"`).join(', ')}`, (m) => {
      return m.fromBot && m.action === 'createMessage' && typeof m.text === 'string' && texts.every((t) => m.text!.includes(t));
    });
  }

  /** The chat since `since`, one line per message, for failure messages. */
  describe(since: Mark): string {
    const lines = this.messages.slice(since).map((m) => {
      const who = m.fromBot ? 'bot' : 'person';
      const what = m.card ? `card: ${cardText(m.card).replace(/\s+/g, ' ').slice(0, 300)}` : `text: ${m.text ?? ''}`;
      return `  [${m.action} ${who}] ${what}`;
    });
    return lines.length > 0 ? lines.join('\n') : '  (nothing)';
  }

  private async post(path: string, body: object): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WAIT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  private onFrame(text: string): void {
    const frame = JSON.parse(text) as {
      action?: string;
      actionConversationId?: string;
      message?: { messageId: string; from?: { id?: string }; text?: string; attachments?: Array<{ contentType?: string; content?: unknown }> };
    };
    if ((frame.action !== 'createMessage' && frame.action !== 'updateMessage') || !frame.message || !frame.actionConversationId) return;
    const m = frame.message;
    const card = m.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
    this.messages.push({
      action: frame.action,
      conversationId: frame.actionConversationId,
      messageId: m.messageId,
      fromBot: m.from?.id === this.config.bot.id,
      text: m.text,
      card: typeof card === 'object' && card !== null ? (card as Json) : undefined,
    });
    this.wake();
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

export function cardOf(message: ChatMessage): Json {
  if (!message.card) throw new Error(`message ${message.messageId} is not a card: ${message.text ?? ''}`);
  return message.card;
}
