import { PacerClosedError } from '../../services/notifications/sendPacer';
import { LocalConnector } from '../helpers/localConnector';
import { postActivity, startBot } from '../helpers/botServer';
import { teamsMessage } from '../helpers/teamsActivities';

describe('server life cycle and security', () => {
  let connector: LocalConnector;
  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
  });
  afterAll(() => connector.stop());

  it('finishes a turn in flight before shutting down', async () => {
    const bot = await startBot();
    connector.delayMs = 700;
    try {
      const pending = postActivity(bot.url, teamsMessage('help', { serviceUrl: connector.url, conversationId: 'a:shutdown' }));
      await new Promise((r) => setTimeout(r, 200));
      expect(bot.app.server.inFlight()).toBe(1);
      await bot.app.server.close();
      const res = await pending;
      expect(res.status).toBeLessThan(300);
      expect(connector.received.some((a) => a.conversationId === 'a:shutdown')).toBe(true);
      await expect(fetch(`${bot.url}/healthz`)).rejects.toThrow();
    } finally {
      connector.delayMs = 0;
      await bot.stop();
    }
  });

  it('stops promptly while proactive sends wait for their turn under Teams limits, leaving them queued', async () => {
    // One send per 20 s per conversation: the second waits 20 s (longer than this test may take)
    // unless stopping releases it.
    const bot = await startBot(undefined, { env: { TEAMS_CONVERSATION_RATE_LIMITS: '1/20' } });
    await bot.app.pacer.waitTurn('tenant-1', 'a:busy');
    let outcome: unknown;
    bot.app.background.run('a paced send', async () => {
      try {
        await bot.app.pacer.waitTurn('tenant-1', 'a:busy');
        outcome = 'sent';
      } catch (err) {
        outcome = err;
      }
    });
    await bot.stop();
    expect(outcome).toBeInstanceOf(PacerClosedError);
  });

  it('in production mode refuses a request without a Bot Framework token, and does nothing', async () => {
    const bot = await startBot(undefined, { env: { MicrosoftAppId: '00000000-0000-0000-0000-00000000abcd', MicrosoftAppPassword: 'not-a-real-secret' } });
    try {
      const res = await postActivity(bot.url, teamsMessage('help', { serviceUrl: connector.url, conversationId: 'a:unauthenticated' }));
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(connector.received.some((a) => a.conversationId === 'a:unauthenticated')).toBe(false);
    } finally {
      await bot.stop();
    }
  });

  it('reports the store as unreachable on /healthz when it is closed', async () => {
    const bot = await startBot();
    try {
      await bot.app.store.close();
      const res = await fetch(`${bot.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ storeReachable: false });
    } finally {
      await bot.stop();
    }
  });
});
