import { Translator } from '../../services/i18n/catalog';
import { DealConversation, SELLER, TENANT, cardOf, submitActions, visibleText, type CardJson } from './dealConversation';

const tr = new Translator('en-US');

/** Answers steps 1 to 5 with cards, up to the summary (a private deal). */
async function toSummary(c: DealConversation, closeDate = '2027-03-31'): Promise<void> {
  await c.say('new deal');
  await c.submit({ country: 'US', city: 'Seattle' });
  await c.say('575643791');
  await c.press('skip');
  await c.submit({ dealName: 'Contoso data platform', dealValue: '250000', currency: 'USD', closeDate });
  await c.submit({ name: 'Sam Taylor', phone: '+1 425 555 0199', email: 'sam@partner.example' });
  await c.press('done');
  await c.submit({ microsoft: 'ms-fabric' });
  await c.submit({ wanted: 'no' });
  expect(visibleText(c.lastCard!)).toContain('Review your deal');
}

function texts(replies: Array<{ text?: string }>): string[] {
  return replies.map((r) => r.text ?? (cardOf(r) ? 'card' : ''));
}

describe('the new-deal dialog', () => {
  let c: DealConversation;
  afterEach(async () => c.close());

  it('does not apply a card from an earlier question, and asks the current one again', async () => {
    c = await DealConversation.start();
    await c.say('new deal');
    const locationCard = c.lastCard!;
    await c.submit({ country: 'US', city: 'Seattle' });
    const nextOnOldCard = submitActions(locationCard).find((a) => a.data?.action === 'submit')!;
    const replies = await c.send({ type: 'message', value: { ...nextOnOldCard.data, country: 'DE', city: 'Berlin' } });
    expect(texts(replies)).toEqual([tr.t('dialog.stale'), 'card']);
    expect(visibleText(cardOf(replies[1]!)!)).toContain('Customers in Seattle, United States');
  });

  it('does not apply a card from a cancelled run to a new one', async () => {
    c = await DealConversation.start();
    await c.say('new deal');
    const oldCard: CardJson = c.lastCard!;
    await c.say('cancel');
    await c.say('new deal');
    const next = submitActions(oldCard).find((a) => a.data?.action === 'submit')!;
    // Same question, but another run of the flow: its answers are not taken.
    const replies = await c.send({ type: 'message', value: { ...next.data, country: 'DE' } });
    expect(texts(replies)).toEqual([tr.t('dialog.stale'), 'card']);
    expect(visibleText(cardOf(replies[1]!)!)).toContain('Where is the customer?');
  });

  it('leaves nothing half made when the store fails at Create, and Create works again after', async () => {
    let failing = true;
    c = await DealConversation.start({ failCreate: () => (failing ? new Error('store unavailable') : undefined) });
    await toSummary(c);
    await expect(c.press('create')).rejects.toThrow('store unavailable');
    expect(await c.storedDeals()).toHaveLength(0);
    expect(await c.recentContacts.list(TENANT, SELLER.userId)).toEqual([]);
    // The turn failed before its state was saved: the person is still at the summary.
    failing = false;
    const replies = await c.say('create');
    expect(visibleText(cardOf(replies[0]!)!)).toContain('Deal created');
    expect(await c.storedDeals()).toHaveLength(1);
  });

  it('refuses at Create a close date that has passed meanwhile, and stores nothing', async () => {
    c = await DealConversation.start();
    await toSummary(c, '2026-11-22');
    c.clock.set('2026-11-23T08:00:00.000Z');
    const replies = await c.press('create');
    const card = visibleText(cardOf(replies[0]!)!);
    expect(card).toContain('Review your deal');
    expect(card).toContain("Deal details: The close date can't be in the past");
    expect(await c.storedDeals()).toHaveLength(0);
    await c.say('edit 2');
    await c.submit({ dealName: 'Contoso data platform', dealValue: '250000', currency: 'USD', closeDate: '2026-12-31' });
    await c.say('create');
    expect((await c.storedDeals())[0]?.details.closingDateTime).toBe('2026-12-31T00:00:00.000Z');
  });

  it('tells a person without a deal-managing role that they cannot create, and stores nothing', async () => {
    c = await DealConversation.start({ admin: false });
    await toSummary(c);
    const replies = await c.press('create');
    expect(texts(replies)).toEqual([tr.t('deals.errors.forbidden')]);
    expect(c.ended).toBe(true);
    expect(await c.storedDeals()).toHaveLength(0);
  });

  it('offers the customers of earlier deals as suggestions for the same place', async () => {
    c = await DealConversation.start();
    await toSummary(c);
    await c.say('create');
    await c.say('new deal');
    const replies = await c.submit({ country: 'US', city: 'Seattle' });
    const card = cardOf(replies[0]!)!;
    const customer = JSON.stringify(card).match(/"id":"customer"[^\]]*\]/)?.[0] ?? '';
    expect(customer).toContain('Contoso Ltd — 1 Microsoft Way, Seattle, WA 98101, United States — D-U-N-S 575643791');
    expect(customer).toContain('duns:575643791');
  });
});
