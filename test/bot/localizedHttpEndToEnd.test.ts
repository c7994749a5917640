import { conversation, cardsOf, textOf } from '../helpers/botConversation';
import { LocalConnector } from '../helpers/localConnector';
import { postActivity, startBot, type StartedBot } from '../helpers/botServer';
import { teamsMemberAdded, teamsMessage } from '../helpers/teamsActivities';

type Card = {
  body: Array<{ text?: string; facts?: Array<{ title: string; value: string }> }>;
  actions: Array<{ title: string; data: { command: string } }>;
};

describe('the bot over HTTP answers in the language of the Teams client', () => {
  let connector: LocalConnector;
  let bot: StartedBot;

  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
    bot = await startBot();
  });
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  const say = (text: string, locale: string, conversationId: string) =>
    conversation(bot, connector, conversationId).send(teamsMessage(text, { serviceUrl: connector.url, conversationId, locale }));

  it('"help" from a Polish Teams client gets the Polish help card, whose buttons still type the commands', async () => {
    const replies = await say('help', 'pl-PL', 'a:chat-pl-help');
    const card = cardsOf(replies)[0]?.content as unknown as Card;
    expect(card.body[0]?.text).toBe('Co mogę zrobić');
    expect(card.body[1]?.text).toBe('Wybierz akcję poniżej albo ją wpisz.');
    expect(card.body[2]?.facts?.find((f) => f.title === 'Przychodzące')?.value).toContain('Polecenia wysłane do Ciebie');
    const inbound = card.actions.find((a) => a.title === 'Przychodzące');
    expect(inbound?.data.command).toBe('inbound');
    expect(card.actions.find((a) => a.title === 'Pomoc')?.data.command).toBe('help');
    expect(card.actions.map((a) => a.data.command)).toContain('demo referral');
  });

  it('the same words from an English client still read in English', async () => {
    const replies = await say('help', 'en-US', 'a:chat-en-help');
    expect((cardsOf(replies)[0]?.content as unknown as Card).body[0]?.text).toBe('What I can do');
  });

  it('Traditional and Simplified Chinese clients are told in their script that a command is unknown', async () => {
    expect(textOf(await say('做个三明治', 'zh-TW', 'a:chat-tw'))).toBe('抱歉，我不太懂「做个三明治」的意思。輸入 **help** 即可查看我能做什麼。');
    expect(textOf(await say('做个三明治', 'zh-HK', 'a:chat-hk'))).toContain('我不太懂');
    expect(textOf(await say('做个三明治', 'zh-cn', 'a:chat-cn'))).toBe('抱歉，我没听懂“做个三明治”。输入 **help** 查看我能做什么。');
  });

  it('a Polish list command understands Polish stage words and answers with a Polish pager', async () => {
    const replies = await say('inbound odebrane', 'pl-PL', 'a:chat-pl-inbound');
    const pager = cardsOf(replies).at(-1)?.content as unknown as Card;
    expect(pager.body[0]?.text).toBe('Przychodzące szanse sprzedaży');
    expect(pager.body[1]?.text).toBe('Wyświetlane: Odebrane · Strona 1');
    const unknown = await say('inbound wczoraj', 'pl-PL', 'a:chat-pl-inbound');
    expect(textOf(unknown)).toBe('Nie znam etapu „wczoraj”. Spróbuj: odebrane, zaakceptowane lub zarchiwizowane.');
  });

  it('a Chinese client that installs the bot is welcomed in Chinese', async () => {
    await postActivity(bot.url, teamsMemberAdded({ serviceUrl: connector.url, conversationId: 'a:chat-zh-welcome', locale: 'zh-CN' }));
    const reply = await connector.waitFor((a) => a.conversationId === 'a:chat-zh-welcome');
    const card = (reply.body.attachments as Array<{ content: Card }>)[0]?.content;
    expect(card?.body[0]?.text).toBe('欢迎使用 Co-sell Bot');
    expect(card?.actions[0]).toMatchObject({ title: '帮助', data: { command: 'help' } });
  });
});
