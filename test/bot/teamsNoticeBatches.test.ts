import type { Activity } from 'botbuilder';
import { silentLogger } from '../../bot/logger';
import { TeamsNotificationSender } from '../../bot/notifications/teamsNotificationSender';
import type { ProactiveMessenger } from '../../bot/proactive/messenger';
import { ReferralCardDrawer } from '../../bot/referrals/referralCardDrawer';
import { ReferralCardPublisher } from '../../bot/referrals/referralCardPublisher';
import { RefreshAudience } from '../../bot/referrals/refreshAudience';
import { ManualClock } from '../../services/clock';
import type { ConversationRecord } from '../../services/conversations/conversationRecord';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import type { Translator } from '../../services/i18n/catalog';
import { DeliveryError } from '../../services/notifications/deliveryError';
import { CardRefreshQueue } from '../../services/notifications/cardRefreshQueue';
import type { TeamsNoticeEvent } from '../../services/notifications/notificationSender';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { OpportunityRepository } from '../../services/opportunities/opportunityRepository';
import { ReferralService } from '../../services/referrals/referralService';
import { RoleService } from '../../services/roles/roleService';
import { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import type { Versioned } from '../../services/store/documentStore';
import { SqliteStore } from '../../services/store/sqliteStore';
import { cardProblems } from '../helpers/adaptiveCards';
import { inboundReferral } from '../helpers/referrals';
import { personalChat, TENANT } from '../helpers/sweepWorld';
import { WatchedStore } from '../helpers/watchedStore';

/** A Bot Connector failure as the Bot Framework SDK throws it. */
function connectorError(statusCode: number, retryAfter?: string): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } } });
}

/** Posts succeed unless `failures` names the conversation. */
class FakeMessenger implements ProactiveMessenger {
  readonly sent: Array<{ to: ConversationRecord; activity: Partial<Activity> }> = [];
  readonly failures = new Map<string, Error>();
  private next = 1;
  async send(to: ConversationRecord, activity: Partial<Activity>): Promise<string> {
    const failure = this.failures.get(to.conversationId);
    if (failure) throw failure;
    this.sent.push({ to, activity });
    return `act-${this.next++}`;
  }
  async update(): Promise<void> {}
}

class CountingDrawer extends ReferralCardDrawer {
  readonly locales: string[] = [];
  override draw(v: Versioned<Opportunity>, tr: Translator, canAct: boolean, notice?: string) {
    this.locales.push(tr.locale);
    return super.draw(v, tr, canAct, notice);
  }
}

const CHATS = [
  personalChat('aad-avery'),
  personalChat('aad-robin'),
  personalChat('aad-kasia', { locale: 'pl-PL' }),
  personalChat('aad-kim'),
  personalChat('aad-ola', { locale: 'pl-PL' }),
];

describe('Teams notices posted as a batch', () => {
  let store: WatchedStore;
  let messenger: FakeMessenger;
  let drawer: CountingDrawer;
  let postedCards: PostedCardRepository;
  let conversations: ConversationRepository;
  let sender: TeamsNotificationSender;
  let referral: Versioned<Opportunity>;

  beforeEach(async () => {
    store = new WatchedStore(new SqliteStore(':memory:'));
    await store.init();
    const clock = new ManualClock('2026-11-09T15:00:00.000Z');
    const roles = new RoleService(store, clock);
    conversations = new ConversationRepository(store);
    postedCards = new PostedCardRepository(store, clock);
    messenger = new FakeMessenger();
    drawer = new CountingDrawer(new RefreshAudience(roles, conversations), clock);
    const publisher = new ReferralCardPublisher({ conversations, settings: new TenantSettingsService(store, clock), roles, postedCards, messenger, cards: drawer, refreshQueue: new CardRefreshQueue(new OpportunityRepository(store), clock), logger: silentLogger });
    sender = new TeamsNotificationSender({ conversations, postedCards, messenger, cards: drawer, publisher });
    await roles.ensureFirstAdmin(TENANT, { userId: 'aad-avery', name: 'Avery' });
    for (const chat of CHATS) await conversations.save(chat);
    referral = (await new ReferralService(new OpportunityRepository(store), clock).receiveReferral(inboundReferral())).opportunity;
  });
  afterEach(() => store.close());

  const reminderTo = (chat: { conversationId: string }, i: number): TeamsNoticeEvent => ({
    id: `${referral.value.id}:reminder:7d:${i}`,
    kind: 'teams-notice',
    notice: 'reminder',
    conversationId: chat.conversationId,
    createdAt: '2026-11-09T15:00:00.000Z',
  });
  const events = () => CHATS.map(reminderTo);

  it('posts every card, draws each once per language, and remembers them all with one write', async () => {
    const results = await sender.postNotices(referral, events());
    expect(results).toEqual(CHATS.map(() => ({ posted: true })));
    expect(messenger.sent.map((s) => s.to.conversationId)).toEqual(CHATS.map((c) => c.conversationId));
    for (const s of messenger.sent) expect(cardProblems(s.activity.attachments![0]!.content as object)).toEqual([]);
    expect([...drawer.locales].sort()).toEqual(['en-US', 'pl-PL']);
    // One read and one write of the posted cards, however many posts.
    expect(store.count('postedCards', 'get')).toBe(2);
    expect(store.count('postedCards', 'create') + store.count('postedCards', 'replace')).toBe(1);
    const posted = await postedCards.list(TENANT, referral.value.id);
    expect(posted.map((c) => c.eventId)).toEqual(events().map((e) => e.id));
  });

  it('does not post again what an interrupted attempt had posted and remembered', async () => {
    const [first, second] = events();
    await postedCards.record(TENANT, referral.value.id, { conversationId: first!.conversationId, activityId: 'act-earlier', eventId: first!.id });
    const results = await sender.postNotices(referral, [first!, second!]);
    expect(results).toEqual([{ posted: true }, { posted: true }]);
    expect(messenger.sent.map((s) => s.to.conversationId)).toEqual([second!.conversationId]);
  });

  it('reports each failure on its own notice and remembers only the posts that went through', async () => {
    messenger.failures.set(CHATS[1]!.conversationId, connectorError(429, '3'));
    messenger.failures.set(CHATS[3]!.conversationId, connectorError(403));
    await conversations.remove(TENANT, CHATS[4]!.conversationId); // the bot no longer knows this chat
    const results = await sender.postNotices(referral, events());
    expect(results.map((r) => r.posted)).toEqual([true, false, true, false, false]);
    const errors = results.map((r) => (r.posted ? undefined : (r.error as DeliveryError)));
    expect(errors[1]).toMatchObject({ disposition: 'retry', details: { status: 429, retryAfterMs: 3_000, throttled: true } });
    expect(errors[3]).toMatchObject({ disposition: 'gone', details: { status: 403 } });
    expect(errors[4]).toMatchObject({ disposition: 'gone' });
    const posted = await postedCards.list(TENANT, referral.value.id);
    expect(posted.map((c) => c.conversationId)).toEqual([CHATS[0]!.conversationId, CHATS[2]!.conversationId]);
  });
});
