import { ConversationRepository } from '../../services/conversations/conversationRepository';
import { DeliveryError } from '../../services/notifications/deliveryError';
import { PostedCardRepository } from '../../services/conversations/postedCardRepository';
import type { Opportunity } from '../../services/opportunities/opportunity';
import type { Versioned } from '../../services/store/documentStore';
import { cardProblems } from '../helpers/adaptiveCards';
import {
  ADMIN,
  cardAction,
  cardActions,
  cardTexts,
  invoke,
  message,
  OTHER_TENANT,
  startHarness,
  STRANGER,
  TENANT,
  turn,
  VIEWER,
  type Harness,
} from '../helpers/botHarness';
import { inboundReferral } from '../helpers/referrals';
import { revisionOf } from '../../services/opportunities/revision';

const CARD = 'application/vnd.microsoft.card.adaptive';

describe('referral cards: Action.Execute through the bot', () => {
  let h: Harness;
  let referral: Versioned<Opportunity>;

  beforeEach(async () => {
    h = await startHarness();
    await h.roles.ensureFirstAdmin(TENANT, { userId: ADMIN.aadObjectId, name: ADMIN.name });
    await h.roles.grant(TENANT, { userId: ADMIN.aadObjectId }, { userId: VIEWER.aadObjectId, name: VIEWER.name }, 'ReferralUser');
    referral = (await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT }))).opportunity;
  });
  afterEach(() => h.close());

  const ids = () => ({ referralId: referral.value.id, tenantId: TENANT, version: revisionOf(referral.value) });
  const stored = async () => (await h.opportunities.get(TENANT, referral.value.id))!;
  const acceptFields = {
    name: 'Contoso warehouse',
    dealValue: '300,000',
    currency: 'usd',
    closingDate: '2027-02-01',
    notes: 'Kick-off next week',
    crmId: 'CRM-42',
    campaignId: '',
    employee1Name: 'Avery Admin',
    employee1Email: 'avery@fabrikam.example',
    employee1Phone: '+1 425 555 0101',
    employee2Name: '',
    employee2Email: '',
    employee2Phone: '',
  };

  it('Accept opens the form on the card, and the form accepts the referral in place', async () => {
    const form = await invoke(h, cardAction('referral.acceptForm', ids()));
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardProblems(form.body.value)).toEqual([]);
    expect(cardTexts(form.body.value)[0]).toBe('Accept "Contoso: move the lab data warehouse to Azure"');
    // The person accepting is offered as the first employee.
    expect(JSON.stringify(form.body.value)).toContain('"id":"employee1Name","label":"Name","value":"Avery Admin"');
    const submit = cardActions(form.body.value)[0]!;
    expect(submit).toMatchObject({ type: 'Action.Execute', verb: 'referral.accept', data: ids() });

    const done = await invoke(h, cardAction('referral.accept', { ...submit.data, ...acceptFields }));
    expect(done.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardProblems(done.body.value)).toEqual([]);
    expect(cardTexts(done.body.value)).toEqual(expect.arrayContaining(['Accepted. The deal is now in progress.', 'Deal in progress', 'Contoso warehouse']));
    expect(cardActions(done.body.value).map((a) => a.title)).toEqual(['Won', 'Lost', 'Edit', '♡ Favorite', 'Add employee', 'Edit solutions']);

    const after = await stored();
    expect(after.value).toMatchObject({
      substatus: 'Accepted',
      name: 'Contoso warehouse',
      crmId: 'CRM-42',
      details: { dealValue: 300000, currency: 'USD', closingDateTime: '2027-02-01T00:00:00.000Z', notes: 'Kick-off next week' },
      team: [{ firstName: 'Avery', lastName: 'Admin', email: 'avery@fabrikam.example', phoneNumber: '+1 425 555 0101' }],
    });
    expect(after.value.history.at(-1)).toMatchObject({ action: 'accept', byUserId: 'aad-avery', byName: 'Avery Admin' });
    // The new card carries the new version.
    expect(cardActions(done.body.value)[0]?.data).toEqual({ referralId: referral.value.id, tenantId: TENANT, version: revisionOf(after.value) });
  });

  it('a form with mistakes comes back on the card with every mistake named, and nothing changes', async () => {
    const res = await invoke(h, cardAction('referral.accept', { ...ids(), ...acceptFields, dealValue: 'lots', currency: 'dollars', employee1Name: '', employee1Email: 'nope', employee1Phone: '' }));
    expect(res.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardProblems(res.body.value)).toEqual([]);
    const texts = cardTexts(res.body.value);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Please fix the fields marked below.',
        'Enter the value as a number of at least 0, e.g. 250000.',
        'Enter a three-letter currency code such as USD or EUR.',
        "Enter the employee's name.",
        'Enter a valid email address.',
        'Enter a phone number.',
      ]),
    );
    // What was typed stays on the form.
    expect(JSON.stringify(res.body.value)).toContain('"value":"lots"');
    expect((await stored()).etag).toBe(referral.etag);
  });

  it('Decline asks for one of the eight reasons, archives, and queues the notice to the sender', async () => {
    const form = await invoke(h, cardAction('referral.declineForm', ids()));
    const reasons = JSON.stringify(form.body.value).match(/"value":"[1-8]"/g);
    expect(reasons).toHaveLength(8);
    const res = await invoke(h, cardAction('referral.decline', { ...ids(), reason: '5', notes: '' }));
    expect(cardTexts(res.body.value)).toEqual(expect.arrayContaining(['Declined. The sender will be told.', 'Declined on Nov 5, 2026: Not a customer.']));
    expect(cardActions(res.body.value).map((a) => a.title)).toEqual(['♡ Favorite']);
    const after = (await stored()).value;
    expect(after).toMatchObject({ substatus: 'Declined', declineReason: 5 });
    expect(after.outbox.map((e) => [e.kind, e.kind === 'referral-updated' ? e.payload.referral.substatus : undefined])).toEqual([['referral-updated', 'Declined']]);
  });

  it('Won and Lost close an accepted deal; Won asks for deal registration when a solution needs it', async () => {
    const accepted = (await h.referrals.accept({ tenantId: TENANT, id: referral.value.id, version: revisionOf(referral.value) }, { userId: 'aad-avery' }, {
      name: 'Deal',
      dealValue: 1000,
      currency: 'USD',
      closingDateTime: '2027-01-01T00:00:00.000Z',
      team: [{ firstName: 'A', lastName: 'B', email: 'a@b.example', phoneNumber: '+1 555 0100' }],
    })).current;
    const withReg = (await h.referrals.editSolutions({ tenantId: TENANT, id: accepted.value.id, version: revisionOf(accepted.value) }, { userId: 'aad-avery' }, {
      solutions: [{ id: 's-ip', name: 'Azure IP app', requiresDealRegistration: true }],
    })).current;
    const ref = { referralId: withReg.value.id, tenantId: TENANT, version: revisionOf(withReg.value) };
    const wonForm = await invoke(h, cardAction('referral.wonForm', ref));
    expect(cardProblems(wonForm.body.value)).toEqual([]);
    expect(JSON.stringify(wonForm.body.value)).toContain('customerTenantId');
    const missing = await invoke(h, cardAction('referral.won', { ...ref, finalValue: '1200', wonDate: '2026-11-05', notes: '', customerTenantId: '', invoiceNumber: '' }));
    expect(cardTexts(missing.body.value)).toContain("Enter the customer's tenant ID, a GUID such as 00000000-0000-0000-0000-000000000000.");
    const won = await invoke(h, cardAction('referral.won', { ...ref, finalValue: '1200', wonDate: '2026-11-05', notes: '', customerTenantId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', invoiceNumber: 'INV-9' }));
    expect(cardTexts(won.body.value)).toEqual(expect.arrayContaining(['Marked as won. Congratulations!', 'Won on Nov 5, 2026.']));
    expect((await stored()).value).toMatchObject({ substatus: 'Won', dealRegistration: { invoiceNumber: 'INV-9' } });

    const other = (await h.referrals.receiveReferral(inboundReferral({ tenantId: TENANT, id: 'pc-2' }))).opportunity;
    const acc2 = (await h.referrals.accept({ tenantId: TENANT, id: other.value.id, version: revisionOf(other.value) }, { userId: 'x' }, {
      name: 'Deal 2',
      dealValue: 1,
      currency: 'EUR',
      closingDateTime: '2027-01-01T00:00:00.000Z',
      team: [{ firstName: 'A', lastName: '', email: 'a@b.example', phoneNumber: '+1 555 0100' }],
    })).current;
    const lostRef = { referralId: acc2.value.id, tenantId: TENANT, version: revisionOf(acc2.value) };
    const needsNotes = await invoke(h, cardAction('referral.lost', { ...lostRef, reason: 'Other', notes: '' }));
    expect(cardTexts(needsNotes.body.value)).toContain('Notes are required for this reason (up to 4000 characters).');
    const lost = await invoke(h, cardAction('referral.lost', { ...lostRef, reason: 'BudgetNotApproved', notes: '' }));
    expect(cardTexts(lost.body.value)).toContain("Lost on Nov 5, 2026: The budget wasn't approved.");
  });

  it('the heart toggles the favorite on and off', async () => {
    const on = await invoke(h, cardAction('referral.favorite', ids()));
    expect(cardTexts(on.body.value)).toEqual(expect.arrayContaining(['Added to your favorites.', '♥ In your favorites']));
    const next = cardActions(on.body.value).find((a) => a.verb === 'referral.favorite')!;
    expect(next.title).toBe('♥ Favorite');
    const off = await invoke(h, cardAction('referral.favorite', next.data));
    expect(cardTexts(off.body.value)).toContain('Removed from your favorites.');
    expect((await stored()).value.favorite).toBe(false);
  });

  it('a repeated click (Teams retries) gets the current card and who did what, and changes nothing more', async () => {
    const click = cardAction('referral.decline', { ...ids(), reason: '2', notes: '' });
    await invoke(h, click);
    const afterFirst = await stored();
    const again = await invoke(h, click);
    expect(again.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardTexts(again.body.value)[0]).toBe('This card was out of date, so nothing was changed. Avery Admin declined it on Nov 5, 2026, 9:00 AM.');
    expect((await stored()).etag).toBe(afterFirst.etag);
  });

  it('20 simultaneous Accept/Decline clicks make exactly one transition; the others get the current card', async () => {
    const clicks = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? cardAction('referral.accept', { ...ids(), ...acceptFields })
        : cardAction('referral.decline', { ...ids(), reason: '2', notes: '' }),
    );
    const answers = await Promise.all(clicks.map((c) => invoke(h, c)));
    for (const a of answers) expect(a.body).toMatchObject({ statusCode: 200, type: CARD });
    const applied = answers.filter((a) => /^(Accepted\.|Declined\.)/.test(cardTexts(a.body.value)[0] ?? ''));
    expect(applied).toHaveLength(1);
    const after = (await stored()).value;
    expect(after.history.filter((e) => e.action === 'accept' || e.action === 'decline')).toHaveLength(1);
    expect(after.outbox.length).toBe(after.substatus === 'Declined' ? 1 : 0);
    const stale = answers.filter((a) => a !== applied[0]);
    for (const a of stale) expect(cardTexts(a.body.value)[0]).toMatch(/^This card was out of date, so nothing was changed\. Avery Admin (accepted|declined) it/);
  });

  describe('refusals: each is clear and changes nothing', () => {
    afterEach(async () => {
      expect((await stored()).etag).toBe(referral.etag);
    });

    it('a forged click for another tenant’s referral', async () => {
      const res = await invoke(h, cardAction('referral.decline', { ...ids(), reason: '2', notes: '' }, { tenantId: OTHER_TENANT }));
      expect(res.body).toEqual({ statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'otherTenant', message: 'This referral belongs to another organization, so nothing was changed.' } });
      const sameTenantData = await invoke(h, cardAction('referral.decline', { ...ids(), tenantId: OTHER_TENANT, reason: '2', notes: '' }, { tenantId: OTHER_TENANT }));
      expect(sameTenantData.body).toMatchObject({ statusCode: 404, value: { code: 'notFound' } });
    });

    it('a person without the role gets the read-only card and the reason', async () => {
      for (const who of [VIEWER, STRANGER]) {
        const res = await invoke(h, cardAction('referral.accept', { ...ids(), ...acceptFields }, { who }));
        expect(res.body).toMatchObject({ statusCode: 200, type: CARD });
        expect(cardActions(res.body.value)).toEqual([]);
        expect(cardTexts(res.body.value)[0]).toContain('only MPN partner admins and Referrals admins can act on it');
      }
      const form = await invoke(h, cardAction('referral.declineForm', ids(), { who: VIEWER }));
      expect(cardActions(form.body.value)).toEqual([]);
    });

    it('a tampered version', async () => {
      const res = await invoke(h, cardAction('referral.decline', { ...ids(), version: 'made-up', reason: '2', notes: '' }));
      expect(res.body).toMatchObject({ statusCode: 200, type: CARD });
      expect(cardTexts(res.body.value)[0]).toBe('This card was out of date, so nothing was changed. Sam Seller sent it on Nov 5, 2026, 9:00 AM.');
    });

    it('an unknown verb', async () => {
      const res = await invoke(h, cardAction('referral.delete', ids()));
      expect(res.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'unknownVerb' } });
    });

    it('extra or missing fields', async () => {
      const extra = await invoke(h, cardAction('referral.favorite', { ...ids(), substatus: 'Won' }));
      expect(extra.body).toMatchObject({ statusCode: 400, value: { code: 'badData', message: 'This card\'s data is not valid (substatus), so nothing was changed.' } });
      const { version: _v, ...withoutVersion } = ids();
      const missing = await invoke(h, cardAction('referral.favorite', withoutVersion));
      expect(missing.body).toMatchObject({ statusCode: 400, value: { code: 'badData', message: 'This card\'s data is not valid (version), so nothing was changed.' } });
      const notExecute = await invoke(h, { ...cardAction('referral.favorite', ids()), value: { action: { type: 'Action.Submit' } } });
      expect(notExecute.status).toBe(400);
    });

    it('an action the stage does not allow', async () => {
      const res = await invoke(h, cardAction('referral.wonForm', ids()));
      expect(cardTexts(res.body.value)[0]).toBe("That isn't possible at this stage, so nothing was changed. Sam Seller sent it on Nov 5, 2026, 9:00 AM.");
    });
  });

  it('refresh gives each person the view of their role; role holders are listed by their Teams ids', async () => {
    await turn(h, message('help', { who: ADMIN }));
    const mine = await invoke(h, cardAction('referral.refresh', ids()));
    expect(cardActions(mine.body.value).map((a) => a.title)).toEqual(['Accept', 'Decline', '♡ Favorite']);
    const theirs = await invoke(h, cardAction('referral.refresh', ids(), { who: VIEWER }));
    expect(cardActions(theirs.body.value)).toEqual([]);
    expect((theirs.body.value as { refresh?: { userIds: string[] } }).refresh?.userIds).toEqual(['29:avery', 'aad-val']);
    // Val opens a personal chat with the bot: from then on Val is listed by the Teams id too.
    await turn(h, message('help', { who: VIEWER }));
    const later = await invoke(h, cardAction('referral.refresh', ids(), { who: VIEWER }));
    expect((later.body.value as { refresh?: { userIds: string[] } }).refresh?.userIds).toEqual(['29:avery', '29:val']);
  });

  const redraws = (o: Opportunity) => o.outbox.filter((e) => e.kind === 'teams-cards');

  /** A card posted earlier in a channel, as the publisher records it. */
  async function postedInChannel(): Promise<void> {
    await new ConversationRepository(h.store).save({
      tenantId: TENANT,
      conversationId: '19:referrals@thread.tacv2',
      kind: 'channel',
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.example/amer/',
      bot: { id: '28:cosell-bot' },
      updatedAt: '2026-11-05T09:00:00.000Z',
    });
    await new PostedCardRepository(h.store, h.clock).record(TENANT, referral.value.id, { conversationId: '19:referrals@thread.tacv2', activityId: 'act-7' });
  }

  it('after a change, the posted copies of the card are updated in place, with the new version', async () => {
    await postedInChannel();
    await invoke(h, cardAction('referral.decline', { ...ids(), reason: '2', notes: '' }));
    await h.app.background.drain();
    expect(h.messenger.updated).toHaveLength(1);
    const update = h.messenger.updated[0]!;
    expect(update.activityId).toBe('act-7');
    const card = (update.activity.attachments?.[0]?.content ?? {}) as object;
    expect(cardProblems(card)).toEqual([]);
    expect(cardTexts(card)).toContain('Declined on Nov 5, 2026: The customer didn\'t respond.');
    expect(cardActions(card).map((a) => a.data?.version)).toEqual([revisionOf((await stored()).value)]);
  });

  it('a posted copy Teams would not take now (its limits, a failed call) is left to the sweeper, which redraws it from the current version', async () => {
    await postedInChannel();
    h.messenger.failUpdates.push(new DeliveryError('retry', "Teams' limits: the turn of this conversation is 45 s away"));
    await invoke(h, cardAction('referral.decline', { ...ids(), reason: '2', notes: '' }));
    await h.app.background.drain();
    expect(h.messenger.updated).toHaveLength(0);
    const queued = await stored();
    expect(redraws(queued.value)).toHaveLength(1);
    expect(queued.value.dueDateTime).toBe('2026-11-05T09:00:00.000Z');

    await h.app.sweeper.sweep();
    expect(h.messenger.updated.map((u) => u.activityId)).toEqual(['act-7']);
    const card = (h.messenger.updated[0]!.activity.attachments?.[0]?.content ?? {}) as object;
    expect(cardTexts(card)).toContain('Declined on Nov 5, 2026: The customer didn\'t respond.');
    expect(redraws((await stored()).value)).toEqual([]);
  });

  it('a posted copy that is gone (deleted in Teams) is not retried', async () => {
    await postedInChannel();
    h.messenger.failUpdates.push(Object.assign(new Error('Not Found'), { statusCode: 404 }));
    await invoke(h, cardAction('referral.decline', { ...ids(), reason: '2', notes: '' }));
    await h.app.background.drain();
    expect(redraws((await stored()).value)).toEqual([]);
  });
});
