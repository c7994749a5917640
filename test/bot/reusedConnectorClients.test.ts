import { CloudAdapter, type Activity, type TurnContext } from 'botbuilder';
import { ReusedConnectorClientsAuthentication } from '../../bot/reusedConnectorClients';
import { LocalConnector } from '../helpers/localConnector';
import { teamsMessage } from '../helpers/teamsActivities';

describe('Bot Connector clients are reused across turns', () => {
  let connector: LocalConnector;
  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
  });
  afterAll(() => connector.stop());

  it('one client per serviceUrl serves every turn, and the replies still arrive', async () => {
    const adapter = new CloudAdapter(new ReusedConnectorClientsAuthentication({}));
    const clients: unknown[] = [];
    const turn = (serviceUrl: string, text: string) =>
      adapter.processActivityDirect('', teamsMessage(text, { serviceUrl, conversationId: `a:${text}` }) as unknown as Activity, async (ctx: TurnContext) => {
        clients.push(ctx.turnState.get(ctx.adapter.ConnectorClientKey));
        await ctx.sendActivity(`re: ${text}`);
      });

    await turn(connector.url, 'one');
    await turn(connector.url, 'two');
    await turn(`${connector.url}emea/`, 'three');

    expect(clients[0]).toBeDefined();
    expect(clients[1]).toBe(clients[0]);
    expect(clients[2]).not.toBe(clients[0]);
    expect(connector.received.map((a) => [a.path.startsWith('/emea/'), a.body.text])).toEqual([
      [false, 're: one'],
      [false, 're: two'],
      [true, 're: three'],
    ]);
  });
});
