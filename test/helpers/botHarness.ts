import { TestAdapter, type Activity, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import { createApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { silentLogger } from '../../bot/logger';
import { activityOf, type ActivitySource, type ProactiveMessenger } from '../../bot/proactive/messenger';
import { ManualClock } from '../../services/clock';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { ReferralService } from '../../services/referrals/referralService';
import { RoleService } from '../../services/roles/roleService';
import { SqliteStore } from '../../services/store/sqliteStore';

/** Records what the bot posts and updates proactively, instead of calling a Bot Connector. */
export class RecordingMessenger implements ProactiveMessenger {
  readonly sent: Array<{ to: ConversationRecord; activity: Partial<Activity>; id: string }> = [];
  readonly updated: Array<{ to: ConversationRecord; activityId: string; activity: Partial<Activity> }> = [];
  /** Failures the next updates meet, in order (then updates succeed again). */
  readonly failUpdates: unknown[] = [];
  private next = 1;

  async send(to: ConversationRecord, source: ActivitySource): Promise<string> {
    const id = `posted-${this.next++}`;
    this.sent.push({ to, activity: await activityOf(source), id });
    return id;
  }

  async update(to: ConversationRecord, activityId: string, source: ActivitySource): Promise<void> {
    if (this.failUpdates.length > 0) throw this.failUpdates.shift();
    this.updated.push({ to, activityId, activity: await activityOf(source) });
  }
}

export interface Person {
  /** Teams user id (29:…). */
  id: string;
  aadObjectId: string;
  name: string;
}

export const TENANT = '11111111-2222-3333-4444-555555555555';
export const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
export const ADMIN: Person = { id: '29:avery', aadObjectId: 'aad-avery', name: 'Avery Admin' };
export const VIEWER: Person = { id: '29:val', aadObjectId: 'aad-val', name: 'Val Viewer' };
export const STRANGER: Person = { id: '29:sky', aadObjectId: 'aad-sky', name: 'Sky Stranger' };

export interface Harness {
  app: App;
  adapter: TestAdapter;
  store: SqliteStore;
  clock: ManualClock;
  messenger: RecordingMessenger;
  opportunities: OpportunityRepository;
  referrals: ReferralService;
  roles: RoleService;
  close(): Promise<void>;
}

/** The whole bot (createApp) on an in-memory store, driven through botbuilder's TestAdapter. */
export async function startHarness(now = '2026-11-05T09:00:00.000Z'): Promise<Harness> {
  const store = new SqliteStore(':memory:');
  await store.init();
  const clock = new ManualClock(now);
  const messenger = new RecordingMessenger();
  const app = createApp(loadConfig({}), store, silentLogger, clock, { messenger });
  const opportunities = new OpportunityRepository(store);
  return {
    app,
    adapter: new TestAdapter(),
    store,
    clock,
    messenger,
    opportunities,
    referrals: new ReferralService(opportunities, clock),
    roles: new RoleService(store, clock),
    async close() {
      await app.background.drain();
      await store.close();
    },
  };
}

export interface ActivityOptions {
  who?: Person;
  tenantId?: string;
  conversationId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
}

function base(o: ActivityOptions): Partial<Activity> {
  const who = o.who ?? ADMIN;
  const tenantId = o.tenantId ?? TENANT;
  return {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.example/amer/',
    locale: 'en-US',
    from: { id: who.id, name: who.name, aadObjectId: who.aadObjectId },
    recipient: { id: '28:cosell-bot', name: 'Co-sell Bot' },
    conversation: {
      id: o.conversationId ?? `a:chat-${who.aadObjectId}`,
      conversationType: o.conversationType ?? 'personal',
      tenantId,
      isGroup: (o.conversationType ?? 'personal') !== 'personal',
      name: '',
    },
    channelData: { tenant: { id: tenantId } },
  };
}

/** An Action.Execute click, exactly as Teams sends it. */
export function cardAction(verb: string, data: unknown, o: ActivityOptions = {}): Partial<Activity> {
  return { ...base(o), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } };
}

export function message(text: string, o: ActivityOptions & { entities?: unknown[] } = {}): Partial<Activity> {
  return { ...base(o), type: 'message', text, entities: o.entities as Activity['entities'] };
}

/** Runs one turn and returns everything the bot sent in it. */
export async function turn(h: Harness, activity: Partial<Activity>): Promise<Partial<Activity>[]> {
  const sent: Partial<Activity>[] = [];
  await h.adapter.processActivity({ ...activity }, async (ctx: TurnContext) => {
    ctx.onSendActivities(async (_c, activities, next) => {
      sent.push(...activities);
      return next();
    });
    await h.app.bot.run(ctx);
  });
  return sent;
}

/** Runs a click and returns the invoke response (status and body) Teams would receive. */
export async function invoke(h: Harness, activity: Partial<Activity>): Promise<{ status: number; body: AdaptiveCardInvokeResponse; sent: Partial<Activity>[] }> {
  const sent = await turn(h, activity);
  const response = sent.find((a) => a.type === 'invokeResponse');
  if (!response) throw new Error('the bot did not answer the invoke');
  const value = response.value as { status: number; body: AdaptiveCardInvokeResponse };
  return { status: value.status, body: value.body, sent: sent.filter((a) => a.type !== 'invokeResponse') };
}

/** All TextBlock texts of a card, in order. */
export function cardTexts(card: unknown): string[] {
  const found: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') found.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

export type CardAction = { type: string; verb?: string; title?: string; data?: Record<string, unknown> };

export function cardActions(card: unknown): CardAction[] {
  return ((card as { actions?: CardAction[] }).actions ?? []) as CardAction[];
}
