import { LocalConnector } from '../helpers/localConnector';
import { postActivity, startBot, type StartedBot } from '../helpers/botServer';
import { cardProblems } from '../helpers/adaptiveCards';
import { englishLeaks } from '../helpers/englishLeaks';
import { teamsCardSubmit, teamsInvoke, teamsMemberAdded, teamsMessage } from '../helpers/teamsActivities';

interface CardReply {
  attachments?: Array<{ contentType: string; content: { body: Array<Record<string, unknown>>; actions: Array<{ data?: Record<string, unknown> }> } }>;
  text?: string;
}

describe('"new deal" over HTTP, as Teams talks to the bot', () => {
  let connector: LocalConnector;
  let bot: StartedBot;
  const tenantId = 'aaaaaaaa-1111-2222-3333-444444444444';

  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
    bot = await startBot();
    // The person who installs the bot becomes the tenant's MPN partner admin, who may create deals.
    await postActivity(bot.url, teamsMemberAdded({ serviceUrl: connector.url, conversationId: 'a:install', tenantId, addedUserId: '28:cosell-bot' }));
    await connector.waitFor((a) => a.conversationId === 'a:install');
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  it('answers "new deal" with the first step\'s card, and takes its submit', async () => {
    const o = { serviceUrl: connector.url, conversationId: 'a:deal-chat', tenantId };
    const res = await postActivity(bot.url, teamsMessage('new deal', o));
    expect(res.status).toBeLessThan(300);
    const first = (await connector.waitFor((a) => a.conversationId === 'a:deal-chat')).body as CardReply;
    const card = first.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(card?.content)).toEqual([]);
    expect(card?.content.body.map((b) => b.text)).toEqual(expect.arrayContaining(['Step 1 of 5: Customer', 'Where is the customer?']));

    const next = card!.content.actions.find((a) => a.data?.action === 'submit')!;
    const sent = connector.received.length;
    await postActivity(bot.url, teamsCardSubmit({ ...next.data, country: 'US', city: 'Seattle' }, o));
    const second = await connector.waitFor((a) => a.conversationId === 'a:deal-chat' && connector.received.indexOf(a) >= sent);
    const body = (second.body as CardReply).attachments?.[0]?.content.body ?? [];
    expect(body.map((b) => b.text)).toContain('Which customer?');
    // The name input searches as the person types (Teams type-ahead), in the chosen place.
    expect(body.find((b) => b.id === 'customer')?.['choices.data']).toEqual({ type: 'Data.Query', dataset: 'customers:US:Seattle' });
  });

  it('answers "new deal" from a Polish Teams client with the first step\'s card in Polish, and the type-ahead in Polish too', async () => {
    const o = { serviceUrl: connector.url, conversationId: 'a:deal-chat-pl', tenantId, locale: 'pl-PL' };
    await postActivity(bot.url, teamsMessage('new deal', o));
    const first = (await connector.waitFor((a) => a.conversationId === 'a:deal-chat-pl')).body as CardReply;
    const card = first.attachments?.[0]?.content;
    expect(cardProblems(card)).toEqual([]);
    expect(englishLeaks(card, 'pl-PL')).toEqual([]);
    expect(card?.body.map((b) => b.text)).toEqual(expect.arrayContaining(['Krok 1 z 5: Klient', 'Gdzie jest klient?']));
    expect(card?.body.find((b) => b.id === 'country')).toMatchObject({ label: 'Kraj', placeholder: 'Wybierz kraj' });
    expect((card?.actions as Array<{ title?: string; data?: Record<string, unknown> }>).map((a) => [a.data?.action, a.title])).toEqual([
      ['submit', 'Dalej'],
      ['back', 'Wstecz'],
      ['help', 'Pomoc'],
      ['cancel', 'Anuluj'],
    ]);

    const search = await postActivity(bot.url, teamsInvoke('application/search', { queryText: 'contoso l', dataset: 'customers:US:Seattle' }, o));
    const results = ((await search.json()) as { value: { results: Array<{ title: string }> } }).value.results;
    expect(results[0]?.title).toBe('Contoso Ltd — 4400 Fifth Avenue South, Seattle, WA 98134, Stany Zjednoczone — D-U-N-S 197540571');
  });

  it('answers the type-ahead search invoke with matching customers, each with address and D-U-N-S number', async () => {
    const o = { serviceUrl: connector.url, conversationId: 'a:deal-chat', tenantId };
    const res = await postActivity(bot.url, teamsInvoke('application/search', { queryText: 'contoso l', queryOptions: { skip: 0, top: 15 }, dataset: 'customers:US:Seattle' }, o));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { statusCode: number; type: string; value: { results: Array<{ title: string; value: string }> } };
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.search.searchResponse');
    expect(answer.value.results).toEqual([
      { title: 'Contoso Ltd — 4400 Fifth Avenue South, Seattle, WA 98134, United States — D-U-N-S 197540571', value: 'duns:197540571' },
      { title: 'Contoso Ltd — 2211 Elliott Avenue, Suite 300, Seattle, WA 98121, United States — D-U-N-S 311639718', value: 'duns:311639718' },
      { title: 'Contoso Ltd — 1 Microsoft Way, Seattle, WA 98101, United States — D-U-N-S 575643791', value: 'duns:575643791' },
    ]);

    const paged = await postActivity(bot.url, teamsInvoke('application/search', { queryText: 'contoso', queryOptions: { skip: 1, top: 2 }, dataset: 'customers:US:' }, o));
    const page = (await paged.json()) as { value: { results: Array<{ value: string }> } };
    expect(page.value.results.map((r) => r.value)).toEqual(['duns:311639718', 'duns:575643791']);

    const unknown = await postActivity(bot.url, teamsInvoke('application/search', { queryText: 'x', dataset: 'somethingElse' }, o));
    expect(unknown.status).toBe(400);
  });

  it('tells a person without a deal-managing role to ask their admin, and starts nothing', async () => {
    const tenantId = 'bbbbbbbb-1111-2222-3333-444444444444';
    // Someone else wrote first in this tenant, and so is its MPN partner admin.
    await postActivity(bot.url, teamsMessage('help', { serviceUrl: connector.url, conversationId: 'a:admin-chat', tenantId, userId: '29:first-admin' }));
    await connector.waitFor((a) => a.conversationId === 'a:admin-chat');
    const o = { serviceUrl: connector.url, conversationId: 'a:other-chat', tenantId, userId: '29:plain-seller' };
    await postActivity(bot.url, teamsMessage('create opportunity', o));
    const reply = (await connector.waitFor((a) => a.conversationId === 'a:other-chat')).body as CardReply;
    expect(reply.text).toContain('Only MPN partner admins and Referrals admins can create deals');
    // Nor does the type-ahead tell them anything.
    const search = await postActivity(bot.url, teamsInvoke('application/search', { queryText: 'contoso', dataset: 'customers:US:' }, o));
    expect(search.status).toBe(200);
    expect(((await search.json()) as { value: { results: unknown[] } }).value.results).toEqual([]);
  });

  it('lists "New deal" on the help card', async () => {
    const o = { serviceUrl: connector.url, conversationId: 'a:help-chat', tenantId };
    await postActivity(bot.url, teamsMessage('help', o));
    const reply = (await connector.waitFor((a) => a.conversationId === 'a:help-chat')).body as { attachments: Array<{ content: { actions: Array<{ title: string; data: unknown }> } }> };
    expect(reply.attachments[0]?.content.actions).toContainEqual({ type: 'Action.Submit', title: 'New deal', data: { command: 'new deal' } });
  });
});
