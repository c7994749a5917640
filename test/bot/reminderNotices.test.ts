import type { Activity } from 'botbuilder';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import type { Opportunity } from '../../services/opportunities/opportunity';
import { revisionOf } from '../../services/opportunities/revision';
import { cardProblems } from '../helpers/adaptiveCards';
import { ADMIN, cardAction, cardActions, cardTexts, invoke, message, startHarness, TENANT, turn, VIEWER, type Harness } from '../helpers/botHarness';
import { makeOpportunity } from '../helpers/opportunities';
import { inboundReferral } from '../helpers/referrals';

const DAY = 24 * 60 * 60 * 1000;
const cardOf = (a: Partial<Activity>) => a.attachments?.[0]?.content as object;

describe('notices in Teams, drawn by the bot', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness('2026-11-05T09:00:00.000Z');
    await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
    await turn(h, message('help')); // the admin's personal chat with the bot is now known
  });
  afterEach(() => h.close());

  const sentTo = (conversationId: string) => h.messenger.sent.filter((s) => s.to.conversationId === conversationId);

  it('a reminder is the referral card with a reminder on top and working Accept and Decline buttons; it is updated in place later', async () => {
    const { opportunity } = await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT }));
    await h.app.sweeper.sweep();
    h.clock.advance(7 * DAY);
    expect(await h.app.sweeper.sweep()).toMatchObject({ remindersSent: 1 });
    const [reminder] = sentTo(`a:chat-${ADMIN.aadObjectId}`);
    const card = cardOf(reminder!.activity);
    expect(cardProblems(card)).toEqual([]);
    expect(cardTexts(card)[0]).toBe('Reminder: this referral is still waiting for your answer. Accept or decline it before it expires.');
    expect(cardActions(card).map((a) => a.title)).toEqual(['Accept', 'Decline', '♡ Favorite']);

    const decline = await invoke(h, cardAction('referral.decline', { ...cardActions(card)[1]!.data, reason: '6', notes: '' }));
    expect(cardTexts(decline.body.value)).toContain('Declined. The sender will be told.');
    await h.app.background.drain();
    // The reminder was remembered as a posted card, so it now shows the declined referral.
    const update = h.messenger.updated.find((u) => u.activityId === reminder!.id);
    expect(cardTexts(cardOf(update!.activity))).toContain('Declined on Nov 12, 2026: The timeline is too short.');
    expect((await h.opportunities.get(TENANT, opportunity.value.id))!.value.substatus).toBe('Declined');
  });

  it('the expiry notice shows the archived card', async () => {
    await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT }));
    h.clock.advance(14 * DAY + 1);
    expect(await h.app.sweeper.sweep()).toMatchObject({ referralsExpired: 1 });
    const [notice] = sentTo(`a:chat-${ADMIN.aadObjectId}`);
    const card = cardOf(notice!.activity);
    expect(cardProblems(card)).toEqual([]);
    expect(cardTexts(card)).toEqual(expect.arrayContaining(['Nobody answered this referral in time, so it expired and is now archived.', 'Expired unanswered on Nov 19, 2026.']));
  });

  describe('an outbound co-sell request Microsoft has not engaged with', () => {
    let deal: Opportunity;
    beforeEach(async () => {
      deal = makeOpportunity({
        id: 'deal-1',
        tenantId: TENANT,
        name: 'Fabrikam on Azure',
        direction: 'Outgoing',
        type: 'Shared',
        status: 'Active',
        substatus: 'Accepted',
        createdBy: { userId: ADMIN.aadObjectId, name: ADMIN.name },
        createdDateTime: '2026-11-01T09:00:00.000Z',
        expirationDateTime: '2026-11-15T09:00:00.000Z',
      });
      await h.opportunities.create(deal);
      h.clock.set('2026-11-15T10:00:00.000Z');
      expect(await h.app.sweeper.sweep()).toMatchObject({ cosellRequestsUnengaged: 1, delivered: 1 });
    });

    const noticeCard = () => cardOf(sentTo(`a:chat-${ADMIN.aadObjectId}`)[0]!.activity);

    it('is told to its owner, with the choice on the card', () => {
      const card = noticeCard();
      expect(cardProblems(card)).toEqual([]);
      expect(cardTexts(card)).toContain('Microsoft hasn\'t engaged with "Fabrikam on Azure"');
      expect(cardActions(card).map((a) => [a.title, a.verb])).toEqual([
        ['Keep as co-sell', 'cosell.keep'],
        ['Continue as private pipeline', 'cosell.private'],
        ['Open the deal', 'referral.view'],
      ]);
    });

    it('"Continue as private pipeline" makes it private through the lifecycle, and the card can invite Microsoft again', async () => {
      const res = await invoke(h, cardAction('cosell.private', cardActions(noticeCard())[1]!.data));
      expect(cardProblems(res.body.value)).toEqual([]);
      expect(cardTexts(res.body.value)[0]).toBe("This is now a private pipeline deal, which Microsoft sellers don't see. You can invite Microsoft again at any time.");
      expect(cardActions(res.body.value).map((a) => a.title)).toContain('Invite Microsoft');
      const stored = (await h.opportunities.get(TENANT, 'deal-1'))!.value;
      expect(stored).toMatchObject({ type: 'Independent', substatus: 'Accepted' });
      expect(stored.history.at(-1)).toMatchObject({ action: 'continuePrivate', byUserId: ADMIN.aadObjectId });
      // The other button on the same card is now out of date: nothing changes.
      const again = await invoke(h, cardAction('cosell.keep', cardActions(noticeCard())[0]!.data));
      expect(cardTexts(again.body.value)[0]).toContain('This card was out of date, so nothing was changed.');
      expect((await h.opportunities.get(TENANT, 'deal-1'))!.value.type).toBe('Independent');
    });

    it('"Keep as co-sell" records the choice and changes nothing else', async () => {
      const res = await invoke(h, cardAction('cosell.keep', cardActions(noticeCard())[0]!.data));
      expect(cardTexts(res.body.value)[0]).toBe('Kept as co-sell: Microsoft sellers can still engage.');
      const stored = (await h.opportunities.get(TENANT, 'deal-1'))!.value;
      expect(stored).toMatchObject({ type: 'Shared', substatus: 'Accepted' });
      expect(stored.history.at(-1)?.action).toBe('keepCosell');
      expect(await h.app.sweeper.sweep()).toMatchObject({ examined: 0 });
    });

    it('refuses someone without a referrals role, changing nothing', async () => {
      const data = { referralId: 'deal-1', tenantId: TENANT, version: revisionOf(deal) };
      const res = await invoke(h, cardAction('cosell.private', data, { who: VIEWER }));
      expect(cardTexts(res.body.value)[0]).toContain('only MPN partner admins and Referrals admins can act');
      expect((await h.opportunities.get(TENANT, 'deal-1'))!.value.type).toBe('Shared');
    });
  });
});

describe('where the bot can post: install, uninstall, teams and channels', () => {
  let h: Harness;
  let conversations: ConversationRepository;
  beforeEach(async () => {
    h = await startHarness();
    conversations = new ConversationRepository(h.store);
  });
  afterEach(() => h.close());

  const channelActivity = (eventType: string, extra: Record<string, unknown> = {}): Partial<Activity> => ({
    ...message(''),
    type: 'conversationUpdate',
    text: undefined,
    conversation: { id: '19:general@thread.tacv2', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: '' },
    channelData: { tenant: { id: TENANT }, eventType, team: { id: '19:team@thread.tacv2', name: 'Sales' }, ...extra },
  });

  it('remembers a channel on install and team restore, forgets it on uninstall, team deleted and channel deleted', async () => {
    await turn(h, { ...channelActivity('teamMemberAdded'), type: 'installationUpdate', action: 'add' });
    expect((await conversations.get(TENANT, '19:general@thread.tacv2'))?.teamId).toBe('19:team@thread.tacv2');

    await turn(h, { ...channelActivity('teamMemberAdded'), type: 'installationUpdate', action: 'remove' });
    expect(await conversations.get(TENANT, '19:general@thread.tacv2')).toBeUndefined();

    await turn(h, channelActivity('teamRestored'));
    expect(await conversations.get(TENANT, '19:general@thread.tacv2')).toBeDefined();
    await turn(h, channelActivity('teamDeleted'));
    expect(await conversations.get(TENANT, '19:general@thread.tacv2')).toBeUndefined();

    await turn(h, channelActivity('teamRestored'));
    await turn(h, channelActivity('channelDeleted', { channel: { id: '19:general@thread.tacv2', name: 'General' } }));
    expect(await conversations.get(TENANT, '19:general@thread.tacv2')).toBeUndefined();
  });
});
