import type { Activity } from 'botbuilder';
import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { TenantSettingsService } from '../../services/settings/tenantSettingsService';
import { cardProblems } from '../helpers/adaptiveCards';
import {
  ADMIN,
  cardAction,
  cardActions,
  cardTexts,
  invoke,
  message,
  startHarness,
  STRANGER,
  TENANT,
  turn,
  VIEWER,
  type Harness,
} from '../helpers/botHarness';
import { inboundReferral } from '../helpers/referrals';
import { revisionOf } from '../../services/opportunities/revision';

const cardsOf = (a: Partial<Activity> | undefined) => (a?.attachments ?? []).map((x) => x.content as object);

describe('referral commands in chat', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  describe('inbox', () => {
    beforeEach(async () => {
      await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
      for (let i = 1; i <= 7; i++) {
        await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT, id: `pc-${i}`, name: `Referral ${i}` }));
        h.clock.advance(60_000);
      }
      await h.opportunities.create({
        ...(await h.opportunities.list(TENANT)).items[0]!.value,
        id: 'out-1',
        externalId: undefined,
        name: 'Our own deal',
        direction: 'Outgoing',
        status: 'Active',
        substatus: 'Accepted',
      });
    });

    it('"inbound" lists referrals newest first as compact cards, with a pager that pages on', async () => {
      const [reply] = await turn(h, message('inbound'));
      const cards = cardsOf(reply);
      for (const c of cards) expect(cardProblems(c)).toEqual([]);
      expect(cards.slice(0, -1).map((c) => cardTexts(c)[0])).toEqual(['Referral 7', 'Referral 6', 'Referral 5', 'Referral 4', 'Referral 3']);
      const pager = cards.at(-1)!;
      expect(cardTexts(pager)).toEqual(['Inbound opportunities', 'Showing: All stages · Page 1']);
      const more = cardActions(pager).find((a) => a.title === 'More')!;

      const next = await invoke(h, cardAction(more.verb!, more.data));
      expect(next.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(cardTexts(next.body.value)).toContain('The next page is below.');
      expect(cardActions(next.body.value)).toEqual([]);
      const page2 = cardsOf(next.sent[0]);
      expect(page2.slice(0, -1).map((c) => cardTexts(c)[0])).toEqual(['Referral 2', 'Referral 1']);
      expect(cardActions(page2.at(-1)).map((a) => a.title)).not.toContain('More');
    });

    it('filters by stage, and a compact card opens into the full card', async () => {
      const [reply] = await turn(h, message('outbound accepted'));
      const cards = cardsOf(reply);
      expect(cards.slice(0, -1).map((c) => cardTexts(c)[0])).toEqual(['Our own deal']);
      const [archived] = await turn(h, message('inbound archived'));
      expect(cardTexts(cardsOf(archived)[0])).toContain('No inbound opportunities here yet. Say **demo referral** to try one.');
      const [unknown] = await turn(h, message('inbound sideways'));
      expect(unknown?.text).toBe('I don\'t know the stage "sideways". Try received, accepted or archived.');

      const open = cardActions(cards[0])[0]!;
      const full = await invoke(h, cardAction(open.verb!, open.data));
      expect(cardTexts(full.body.value)).toContain('Our own deal');
      expect(cardActions(full.body.value).map((a) => a.title)).toContain('Won');
    });

    it('"favorites" lists what carries the heart, and the pager filters by stage with Action.Execute', async () => {
      const one = (await h.opportunities.list(TENANT, { direction: 'Incoming' })).items[2]!;
      await h.referrals.toggleFavorite({ tenantId: TENANT, id: one.value.id, version: revisionOf(one.value) }, { userId: 'aad-avery' });
      const [reply] = await turn(h, message('favorites'));
      expect(cardsOf(reply).slice(0, -1).map((c) => cardTexts(c)[0])).toEqual([one.value.name]);
      const filter = cardActions(cardsOf(reply).at(-1)).find((a) => a.title === 'Archived')!;
      expect(filter).toMatchObject({ type: 'Action.Execute', verb: 'inbox.page', data: { view: 'favorites', stage: 'Archived' } });
      const res = await invoke(h, cardAction(filter.verb!, filter.data));
      expect(cardTexts(cardsOf(res.sent[0])[0])).toContain('No favorites here yet. Tap the heart on a card to add one.');
    });

    it('refuses a forged page request', async () => {
      const res = await invoke(h, cardAction('inbox.page', { view: 'inbound', continuation: 'not-a-token' }));
      expect(res.body).toMatchObject({ statusCode: 400, value: { code: 'badData' } });
      const extra = await invoke(h, cardAction('inbox.page', { view: 'everything' }));
      expect(extra.body).toMatchObject({ statusCode: 400, value: { code: 'badData' } });
    });
  });

  it('the help card offers the lists, roles and the demo as buttons', async () => {
    const [reply] = await turn(h, message('help'));
    const card = cardsOf(reply)[0]!;
    expect(cardProblems(card)).toEqual([]);
    expect(cardActions(card).map((a) => a.title)).toEqual(
      expect.arrayContaining(['Inbound', 'Outbound', 'Favorites', 'Roles', 'Demo referral']),
    );
  });

  describe('roles', () => {
    it('the first person to write in a tenant without roles becomes its MPN partner admin', async () => {
      await turn(h, message('help', { who: ADMIN }));
      await turn(h, message('help', { who: VIEWER }));
      expect(await h.roles.rolesOf(TENANT, ADMIN.aadObjectId)).toEqual(['MpnPartnerAdmin']);
      expect(await h.roles.rolesOf(TENANT, VIEWER.aadObjectId)).toEqual([]);
      const [reply] = await turn(h, message('roles'));
      expect(reply?.text).toContain('**Avery Admin**: MPN partner admin');
    });

    it('an admin grants and revokes with a Teams mention', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      const mention = { type: 'mention', text: '<at>Val Viewer</at>', mentioned: { id: VIEWER.id, name: VIEWER.name, aadObjectId: VIEWER.aadObjectId } };
      const [granted] = await turn(h, message('grant <at>Val Viewer</at> referrals admin', { entities: [mention] }));
      expect(granted?.text).toBe('Val Viewer is now Referrals admin.');
      expect(await h.roles.rolesOf(TENANT, VIEWER.aadObjectId)).toEqual(['ReferralsAdmin']);
      const [revoked] = await turn(h, message('revoke <at>Val Viewer</at> referrals admin', { entities: [mention] }));
      expect(revoked?.text).toBe('Val Viewer is no longer Referrals admin.');
      expect(await h.roles.rolesOf(TENANT, VIEWER.aadObjectId)).toEqual([]);
    });

    it('a mention without an Entra id is matched to the person known from their chat with the bot', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      await turn(h, message('hello', { who: VIEWER }));
      const mention = { type: 'mention', text: '<at>Val</at>', mentioned: { id: VIEWER.id, name: 'Val' } };
      await turn(h, message('grant <at>Val</at> referral user', { entities: [mention] }));
      expect(await h.roles.rolesOf(TENANT, VIEWER.aadObjectId)).toEqual(['ReferralUser']);
    });

    it('the typed fallback names someone known to the bot (Agents Playground)', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      await turn(h, message('hello', { who: VIEWER }));
      const [granted] = await turn(h, message('grant Val Viewer Referrals Admin'));
      expect(granted?.text).toBe('Val Viewer is now Referrals admin.');
      const [unknown] = await turn(h, message('grant Nobody Known referrals admin'));
      expect(unknown?.text).toContain('I don\'t know who "Nobody Known" is.');
      const [usage] = await turn(h, message('grant Val Viewer'));
      expect(usage?.text).toContain('grant @person referrals admin');
    });

    it('only an MPN partner admin changes roles, and the last one cannot be removed', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      await turn(h, message('hello', { who: VIEWER }));
      const [refused] = await turn(h, message('grant Val Viewer referrals admin', { who: VIEWER }));
      expect(refused?.text).toBe('Only an MPN partner admin can change roles.');
      const [last] = await turn(h, message('revoke Avery Admin partner admin'));
      expect(last?.text).toBe("The last MPN partner admin can't be removed, or nobody could grant roles again.");
    });
  });

  describe('demo referral and the referrals channel', () => {
    it('"demo referral" creates a referral through the referral service and shows its card here', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      const [reply] = await turn(h, message('demo referral'));
      expect(reply?.text).toContain('Here is a demo referral');
      const card = cardsOf(reply)[0]!;
      expect(cardProblems(card)).toEqual([]);
      expect(cardActions(card).map((a) => a.title)).toEqual(['Accept', 'Decline', '♡ Favorite']);
      const stored = (await h.opportunities.list(TENANT, { direction: 'Incoming' })).items;
      expect(stored).toHaveLength(1);
      expect(stored[0]!.value).toMatchObject({ status: 'New', substatus: 'Received', expirationDateTime: '2026-11-19T09:00:00.000Z' });
      // Its Decline works like any referral's.
      const decline = await invoke(h, cardAction('referral.decline', { ...cardActions(card)[1]!.data, reason: '7', notes: '' }));
      expect(cardTexts(decline.body.value)[0]).toBe('Declined. The sender will be told.');
    });

    it('only people who manage referrals can create demo referrals', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      const [reply] = await turn(h, message('demo referral', { who: STRANGER }));
      expect(reply?.text).toBe('Only MPN partner admins and Referrals admins can create demo referrals.');
    });

    it('"use this channel for referrals" in a team channel makes it the referrals channel', async () => {
      await turn(h, message('hello', { who: ADMIN }));
      const [personal] = await turn(h, message('use this channel for referrals'));
      expect(personal?.text).toBe('Say this in the team channel where new referrals should be posted.');
      const inChannel = { conversationType: 'channel' as const, conversationId: '19:deals@thread.tacv2;messageid=1700000000000' };
      const [refused] = await turn(h, message('use this channel for referrals', { ...inChannel, who: STRANGER }));
      expect(refused?.text).toBe('Only MPN partner admins and Referrals admins can choose the referrals channel.');
      const [set] = await turn(h, message('use this channel for referrals', inChannel));
      expect(set?.text).toBe('New referrals will be posted in this channel.');
      expect((await new TenantSettingsService(h.store, h.clock).get(TENANT)).referralsChannel?.conversationId).toBe('19:deals@thread.tacv2');
      expect((await new ConversationRepository(h.store).get(TENANT, '19:deals@thread.tacv2'))?.kind).toBe('channel');
    });
  });
});
