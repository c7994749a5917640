import { cardProblems } from '../helpers/adaptiveCards';
import { actionTitled, cardActions, cardText, type Json } from './support/cards';
import { cardOf, PlaygroundClient, type ChatMessage } from './support/playgroundClient';
import { startPlaygroundStack, type PlaygroundStack } from './support/playgroundStack';
import { sendReferral } from './support/referralSender';

/**
 * Through the Teams emulator: the built bot and Microsoft 365 Agents Playground, driven through
 * the Playground's own API as its page drives it, by the Playground's person (Alex Wilber) in the
 * personal chat. One conversation, step by step: help, a complete co-sell deal, an inbound
 * referral from the signed webhook, Accept from its card, Won.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const shownDay = (d: Date) => new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(d);

describe('Co-sell Bot in Microsoft 365 Agents Playground (its HTTP and WebSocket API)', () => {
  let stack: PlaygroundStack;
  let chat: PlaygroundClient;
  const closeDate = new Date(Date.now() + 200 * DAY_MS);

  beforeAll(async () => {
    stack = await startPlaygroundStack('api');
    chat = await PlaygroundClient.connect(stack.playgroundUrl);
  });

  afterAll(async () => {
    chat?.close();
    await stack?.stop();
    if (stack) process.stdout.write(`\nPlayground end-to-end (API) logs: ${stack.logDir}\n`);
  });

  /** Every card the bot shows must be a valid Adaptive Card 1.5 that renders. */
  function expectValid(card: Json): Json {
    expect(cardProblems(card)).toEqual([]);
    return card;
  }

  let help: ChatMessage;

  it('greets the person when they open the chat, and answers "help" with the help card', async () => {
    const welcome = await chat.nextCard(await chat.openChat(), 'Welcome to Co-sell Bot');
    expectValid(cardOf(welcome));
    expect(actionTitled(cardOf(welcome), 'Help').data).toEqual({ command: 'help' });

    help = await chat.nextCard(await chat.say('help'), 'What I can do');
    const card = expectValid(cardOf(help));
    expect(cardText(card)).toContain('Create a deal step by step');
    expect(cardActions(card).map((a) => a.title)).toEqual(expect.arrayContaining(['Help', 'New deal', 'Inbound', 'Outbound', 'Demo referral']));
  });

  it('creates a complete co-sell deal from the help card\'s "New deal" button, with card forms and typed answers', async () => {
    // A help-card button works through the Playground (plain Action.Submit data, not msteams imBack).
    const where = await chat.nextCard(await chat.submit(help, 'New deal'), 'Step 1 of 5: Customer', 'Where is the customer?');
    expectValid(cardOf(where));

    // The Playground has no type-ahead: the customer is found by typing part of the name.
    const which = await chat.nextCard(await chat.submit(where, 'Next', { country: 'DE' }), 'Which customer?', 'Customers in Germany');
    const pick = await chat.nextCard(await chat.say('fabrikam'), 'Pick the exact customer');
    expect(cardText(cardOf(pick))).toContain('2. Fabrikam GmbH — Landsberger Straße 110, München, BY 80339, Germany — D-U-N-S 362291745');
    expectValid(cardOf(which));

    const contact = await chat.nextCard(await chat.submit(pick, 'Next', { pick: '2' }), 'Customer contact');
    const consent = await chat.nextCard(
      await chat.submit(contact, 'Next', { name: 'Anna Schmidt', phone: '089 1234567', email: 'anna.schmidt@fabrikam.example' }),
      'Customer consent',
      'Did Anna Schmidt agree',
    );
    expectValid(cardOf(consent));
    const details = await chat.nextCard(await chat.submit(consent, 'Next', { consent: 'yes' }), 'Step 2 of 5: Deal details');
    const employees = await chat.nextCard(
      await chat.submit(details, 'Next', {
        dealName: 'Fabrikam MES rollout',
        dealValue: '1200000',
        currency: 'EUR',
        closeDate: isoDay(closeDate),
        notes: 'Pilot on one production line in Q1.',
      }),
      'Step 3 of 5: Employees',
      'Who works on this deal?',
    );
    expectValid(cardOf(employees));

    // An employee typed answer by answer, as a person without the form would.
    await chat.nextText(await chat.say('Jan Kowalski'), '**Phone**');
    await chat.nextText(await chat.say('+48 22 123 45 67'), '**Email**');
    const team = await chat.nextCard(await chat.say('jan.kowalski@partner.example'), 'On this deal', 'Jan Kowalski · jan.kowalski@partner.example · +48 22 123 45 67');

    const solutions = await chat.nextCard(await chat.submit(team, 'Done'), 'Step 4 of 5: Solutions', 'Which solutions?');
    // Solutions typed by their numbers on the card.
    const fabric = /(\d+)\. Microsoft Fabric \(Microsoft\)/.exec(cardText(cardOf(solutions)))?.[1];
    expect(fabric).toBeDefined();
    const helpWanted = await chat.nextCard(await chat.say(fabric!), "Would you like Microsoft's help?");

    const helpDetails = await chat.nextCard(await chat.say('yes'), 'What help do you need?');
    expectValid(cardOf(helpWanted));
    // The contact and the consent were given in step 1: Microsoft's help needs nothing more.
    const review = await chat.nextCard(
      await chat.submit(helpDetails, 'Next', { helpCodes: '2,3', helpNotes: 'An Azure architect to review the MES landing zone, and a proof of concept.' }),
      'Review your deal',
    );
    const reviewText = cardText(expectValid(cardOf(review)));
    for (const shown of [
      'Fabrikam GmbH',
      '362291745',
      'Anna Schmidt · anna.schmidt@fabrikam.example · +49 89 1234567',
      'Fabrikam MES rollout',
      '€1,200,000.00',
      shownDay(closeDate),
      'Jan Kowalski',
      'Microsoft Fabric',
      'Co-sell deal',
      'Customer technical architecture, Proof of concept or demo',
    ]) {
      expect(reviewText).toContain(shown);
    }

    const sent = await chat.submit(review, 'Create');
    const created = await chat.nextCard(sent, 'Deal created', 'Fabrikam MES rollout', 'Co-sell deal');
    expectValid(cardOf(created));
    const dealCard = await chat.nextCard(sent, 'Fabrikam MES rollout', 'Deal in progress');
    expect(cardActions(cardOf(dealCard)).map((a) => a.title)).toEqual(expect.arrayContaining(['Won', 'Lost']));
  });

  it('lists the new deal under "outbound"', async () => {
    const list = await chat.nextCard(await chat.say('outbound'), 'Fabrikam MES rollout');
    expectValid(cardOf(list));
  });

  let referral: ChatMessage;
  const referralName = 'Contoso cloud migration';

  it('posts a signed inbound referral for the Playground\'s tenant to the person, its first admin', async () => {
    const since = chat.mark();
    const sent = await sendReferral(stack.botUrl, stack.webhookSecret, {
      tenantId: chat.tenantId,
      id: 'pc-referral-0001',
      name: referralName,
      customerProfile: { name: 'Contoso Ltd', address: { city: 'Seattle', country: 'US' } },
      details: { dealValue: 250000, currency: 'USD', closingDateTime: `${isoDay(closeDate)}T00:00:00Z`, notes: 'Data estate migration to Azure.' },
      inviteContext: { notes: 'Customer asked for a partner with SQL migration experience.' },
    });
    expect(sent).toEqual({ status: 201, body: expect.objectContaining({ externalId: 'pc-referral-0001', status: 'created' }) });

    referral = await chat.nextCard(since, 'Referral received', referralName);
    const card = expectValid(cardOf(referral));
    expect(cardText(card)).toContain('$250,000.00');
    expect(cardActions(card).map((a) => [a.title, a.type])).toEqual(
      expect.arrayContaining([
        ['Accept', 'Action.Execute'],
        ['Decline', 'Action.Execute'],
      ]),
    );

    // The same referral again changes nothing and posts nothing.
    const again = await sendReferral(stack.botUrl, stack.webhookSecret, { tenantId: chat.tenantId, id: 'pc-referral-0001', name: referralName, customerProfile: { name: 'Contoso Ltd', address: { country: 'US' } }, details: { dealValue: 1, currency: 'USD', closingDateTime: `${isoDay(closeDate)}T00:00:00Z` } });
    expect(again).toEqual({ status: 200, body: expect.objectContaining({ status: 'duplicate' }) });
  });

  let accepted: Json;

  it('accepts the referral from its card: the form, then the accepted card in its place, also updated in the chat', async () => {
    const form = expectValid(await chat.execute(referral, cardOf(referral), 'Accept'));
    expect(cardText(form)).toContain(`Accept "${referralName}"`);

    const since = chat.mark();
    accepted = expectValid(
      await chat.execute(referral, form, 'Accept referral', {
        employee1Name: 'Alex Wilber',
        employee1Email: 'alexw@example.com',
        employee1Phone: '+1 425 555 0100',
      }),
    );
    const text = cardText(accepted);
    expect(text).toContain('Deal in progress');
    expect(text).toContain('Alex Wilber');
    expect(cardActions(accepted).map((a) => a.title)).toEqual(expect.arrayContaining(['Won', 'Lost', 'Edit']));

    // The posted card is also redrawn in place for everyone in the chat (the bot updates its message).
    const redrawn = await chat.next(since, 'the referral card redrawn as accepted', (m) => {
      return m.action === 'updateMessage' && m.messageId === referral.messageId && m.card !== undefined && cardText(m.card).includes('Deal in progress');
    });
    expectValid(cardOf(redrawn));
  });

  it('marks the accepted referral won', async () => {
    const wonForm = expectValid(await chat.execute(referral, accepted, 'Won'));
    expect(cardText(wonForm)).toContain(`Mark "${referralName}" as won`);

    const won = expectValid(await chat.execute(referral, wonForm, 'Mark as won', { finalValue: '240000', notes: 'Signed for three years.' }));
    const text = cardText(won);
    expect(text).toContain('Marked as won. Congratulations!');
    expect(text).toContain(referralName);
    expect(text).toMatch(/Won on \w{3} \d{1,2}, \d{4}/);
    expect(text).toContain('$240,000.00');
    expect(cardActions(won).map((a) => a.title)).not.toEqual(expect.arrayContaining(['Accept']));
    expect(cardActions(won).map((a) => a.title)).not.toContain('Won');
  });
});
