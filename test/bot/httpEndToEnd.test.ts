import { LocalConnector } from '../helpers/localConnector';
import { postActivity, startBot, type StartedBot } from '../helpers/botServer';
import { teamsCardSubmit, teamsMemberAdded, teamsMessage } from '../helpers/teamsActivities';

describe('the bot over HTTP, as Teams talks to it', () => {
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

  it('answers "help" with the help card, delivered to the conversation at the serviceUrl', async () => {
    const res = await postActivity(bot.url, teamsMessage('help', { serviceUrl: connector.url, conversationId: 'a:chat-help' }));
    expect(res.status).toBeLessThan(300);
    const reply = await connector.waitFor((a) => a.conversationId === 'a:chat-help');
    const attachments = reply.body.attachments as Array<{ contentType: string; content: { body: Array<{ text?: string }> } }>;
    expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachments[0]?.content.body[0]?.text).toBe('What I can do');
  });

  it('greets a newly added user with the welcome card', async () => {
    await postActivity(bot.url, teamsMemberAdded({ serviceUrl: connector.url, conversationId: 'a:chat-welcome' }));
    const reply = await connector.waitFor((a) => a.conversationId === 'a:chat-welcome');
    const attachments = reply.body.attachments as Array<{ content: { body: Array<{ text?: string }> } }>;
    expect(attachments[0]?.content.body[0]?.text).toBe('Welcome to Co-sell Bot');
  });

  it('takes a press of a card\'s command button (plain Action.Submit data) as the typed command', async () => {
    const o = { serviceUrl: connector.url, conversationId: 'a:chat-press' };
    await postActivity(bot.url, teamsMemberAdded(o));
    const welcome = (await connector.waitFor((a) => a.conversationId === 'a:chat-press')).body as {
      attachments: Array<{ content: { actions: Array<{ title: string; data: Record<string, unknown> }> } }>;
    };
    const helpButton = welcome.attachments[0]?.content.actions.find((a) => a.title === 'Help');
    expect(helpButton?.data).toEqual({ command: 'help' });

    const sent = connector.received.length;
    await postActivity(bot.url, teamsCardSubmit(helpButton!.data, o));
    const reply = await connector.waitFor((a) => a.conversationId === 'a:chat-press' && connector.received.indexOf(a) >= sent);
    const attachments = reply.body.attachments as Array<{ content: { body: Array<{ text?: string }> } }>;
    expect(attachments[0]?.content.body[0]?.text).toBe('What I can do');
  });

  it('tells the person it did not understand an unknown command', async () => {
    await postActivity(bot.url, teamsMessage('make me a sandwich', { serviceUrl: connector.url, conversationId: 'a:chat-unknown' }));
    const reply = await connector.waitFor((a) => a.conversationId === 'a:chat-unknown');
    expect(reply.body.text).toContain('make me a sandwich');
    expect(reply.body.text).toContain('help');
  });

  it('answers a malformed body with 400, and keeps serving', async () => {
    const notJson = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", ',
    });
    expect(notJson.status).toBe(400);
    const notActivity = await postActivity(bot.url, { hello: 'world' });
    expect(notActivity.status).toBe(400);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'sqlite', storeReachable: true });
  });
});
