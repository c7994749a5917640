import { RoleService } from '../../../services/roles/roleService';
import { systemClock } from '../../../services/clock';
import { TEAMS_FILE_DOWNLOAD } from '../../../bot/files/incomingFiles';
import { FILE_CONSENT_CARD, FILE_INFO_CARD } from '../../../bot/files/fileSender';
import { startBot, type StartedBot } from '../../helpers/botServer';
import { cardsOf, conversation, textOf, texts } from '../../helpers/botConversation';
import { LocalConnector } from '../../helpers/localConnector';
import { LocalFileServer } from '../../helpers/fileServer';
import { cardProblems } from '../../helpers/adaptiveCards';

const TENANT = '11111111-2222-3333-4444-555555555555';
const HEADER = 'Name,Email,Job title,Role,Country,State/province';

describe('co-sell offers over HTTP, as Teams talks to the bot', () => {
  let connector: LocalConnector;
  let files: LocalFileServer;
  let bot: StartedBot;
  let chat = 0;

  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
    files = new LocalFileServer();
    await files.start();
    bot = await startBot();
    // The person in teamsMessage() (aad-user-1) installed the bot: they are the MPN partner admin.
    await new RoleService(bot.app.store, systemClock).ensureFirstAdmin(TENANT, { userId: 'aad-user-1', name: 'Avery Seller' });
  });
  afterAll(async () => {
    await bot.stop();
    await files.stop();
    await connector.stop();
  });

  const open = () => conversation(bot, connector, `a:offers-${++chat}`);

  const validOffer = {
    form: 'offerForm',
    action: 'save',
    name: 'Fabrikam Analytics',
    offerType: 'saas',
    solutionType: 'IP',
    published: 'true',
    businessProfileComplete: 'true',
    cspOptIn: 'false',
    transactable: 'false',
    platforms: 'azure',
    segments: 'enterprise,corporate',
    area1: 'dataAi',
    subAreas1: 'analytics',
    markets: 'US, CA',
    azureIpShare: '70',
  };

  it('creates an offer from the form card, refusing a bad submit first with what to fix', async () => {
    const c = open();
    const form = cardsOf(await c.message('new offer'));
    expect(form[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(form[0]?.content)).toEqual([]);

    const refused = cardsOf(await c.submit({ ...validOffer, markets: 'US, USA' }));
    expect(texts(refused)).toContain('- Markets: these are not ISO two-letter country codes: USA. Use codes such as US, CA, FR.');

    const saved = await c.submit(validOffer);
    expect(textOf(saved)).toContain('Saved **Fabrikam Analytics**');
    expect(texts(cardsOf(saved))).toContain('Not ready');
  });

  it('answers "status of <offer>" with the status card and its checklist', async () => {
    const c = open();
    const replies = await c.message('status of fabrikam analytics');
    const card = cardsOf(replies)[0]!;
    expect(cardProblems(card.content)).toEqual([]);
    const all = texts(card.content).join('\n');
    expect(all).toContain('Fabrikam Analytics');
    expect(all).toContain('❌ Customer one-pager');
    expect(all).toContain('Add contacts for: United States of America (US), Canada (CA).');
  });

  it('imports a CSV sent as a Teams file after the confirm, and not before', async () => {
    const c = open();
    const url = files.serve('/contacts.csv', {
      body: `\uFEFF${HEADER}\r\nSam Seller,sam@fabrikam.example,Account executive,Partner sales,"US,CA",US-WA\r\nMia,mia@fabrikam.example,Marketing,Partner marketing,OOO,\r\n`,
      contentType: 'text/csv',
    });
    const attachment = { contentType: TEAMS_FILE_DOWNLOAD, name: 'contacts.csv', content: { downloadUrl: url, uniqueId: 'u1', fileType: 'csv' } };

    const confirm = cardsOf(await c.message('', { attachments: [attachment] }));
    expect(cardProblems(confirm[0]?.content)).toEqual([]);
    expect(texts(confirm).join('\n')).toContain('replaces the 0 current contacts with the 2 contacts in the file');
    // While the confirm card waits, words go to it: nothing is imported by anything but the confirm.
    expect(textOf(await c.message('yes please'))).toContain('Select **Replace contacts** on the card to import');
    const status = cardsOf(await open().message('status of Fabrikam Analytics'));
    expect(texts(status)).not.toContain('✅ A contact for every market');

    const done = await c.submit({ form: 'contactsImport', action: 'confirm' });
    expect(textOf(done)).toContain('Done: **Fabrikam Analytics** now has 2 contacts (it had 0).');
    const after = texts(cardsOf(await c.message('status of Fabrikam Analytics')));
    expect(after).toContain('✅ A contact for every market');
    expect(after).toContain('✅ A Partner sales contact for every market');
  });

  it('refuses an invalid CSV with every problem by row and column, changing nothing', async () => {
    const c = open();
    const url = files.serve('/bad.csv', { body: `${HEADER}\nAnn,not-an-email,VP,Partner sales,US,\nBob,bob@x.example,VP,Boss,USA,\n` });
    const replies = await c.message('import contacts Fabrikam Analytics', {
      attachments: [{ contentType: 'text/csv', name: 'bad.csv', contentUrl: url }],
    });
    const text = textOf(replies);
    expect(text).toContain('I did not import **bad.csv**: nothing has changed.');
    expect(text).toContain('Row 2, column Email: "not-an-email" is not an email address.');
    expect(text).toContain('Row 3, column Role: "Boss" is not a role.');
    expect(text).toContain('Row 3, column Country: "USA" is not a two-letter ISO country code');
    await c.message('cancel');
    expect(textOf(await c.message('export contacts Fabrikam Analytics'))).toContain('Here are the 2 contacts of **Fabrikam Analytics**');
  });

  it('sends the export through a file consent card, and uploads it once accepted', async () => {
    const c = open();
    const replies = await c.message('export contacts Fabrikam Analytics');
    const consent = cardsOf(replies).find((a) => a.contentType === FILE_CONSENT_CARD)!;
    expect(consent.name).toBe('co-sell-contacts-fabrikam-analytics.csv');
    const uploadUrl = `${files.url}/onedrive/upload-1`;
    const accepted = await c.send({
      ...c.base(),
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: {
        type: 'fileUpload',
        action: 'accept',
        context: consent.content.acceptContext,
        uploadInfo: { name: consent.name, uploadUrl, contentUrl: 'https://contoso-my.sharepoint.com/x.csv', uniqueId: 'abc', fileType: 'csv' },
      },
    });
    const uploaded = files.uploads.find((u) => u.path === '/onedrive/upload-1')!;
    expect(uploaded.body.toString('utf8')).toBe(
      `\uFEFF${HEADER}\r\nSam Seller,sam@fabrikam.example,Account executive,Partner sales,"US,CA",US-WA\r\nMia,mia@fabrikam.example,Marketing,Partner marketing,OOO,\r\n`,
    );
    expect(cardsOf(accepted)).toEqual([
      { contentType: FILE_INFO_CARD, name: consent.name, contentUrl: 'https://contoso-my.sharepoint.com/x.csv', content: { uniqueId: 'abc', fileType: 'csv' } },
    ]);
  });

  it('sends the template inline outside Teams, and round-trips an export unchanged', async () => {
    const c = open();
    const playground = (text: string, extra: Record<string, unknown> = {}) => c.message(text, { channelId: 'emulator', ...extra });
    const template = cardsOf(await playground('contacts template'));
    expect(template[0]).toMatchObject({ contentType: 'text/csv', name: 'co-sell-contacts-template.csv' });
    expect(Buffer.from(template[0]!.contentUrl!.split(',')[1]!, 'base64').toString('utf8')).toBe(`\uFEFF${HEADER}\r\n`);

    const exported = cardsOf(await playground('export contacts Fabrikam Analytics'))[0]!;
    const again = await playground('import contacts Fabrikam Analytics', { attachments: [{ contentType: 'text/csv', name: 'again.csv', contentUrl: exported.contentUrl }] });
    expect(textOf(again)).toContain('**again.csv** holds exactly the current contacts of **Fabrikam Analytics**. Nothing changed.');
  });

  it('lists the offer commands on the help card', async () => {
    const help = cardsOf(await open().message('help'))[0]!;
    expect(cardProblems(help.content)).toEqual([]);
    expect(texts(help.content)).toEqual(expect.arrayContaining(['offers', 'new offer', 'status of', 'contacts template', 'org facts']));
  });

  it('lets a person who is not a partner admin view, not change', async () => {
    const c = open();
    const viewer = { from: { id: '29:user-2', name: 'Val Viewer', aadObjectId: 'aad-user-2' } };
    expect(textOf(await c.message('new offer', viewer))).toContain('Only an MPN partner admin can change offers');
    expect(textOf(await c.message('import contacts Fabrikam Analytics', viewer))).toContain('Only an MPN partner admin');
    const list = cardsOf(await c.message('offers', viewer));
    expect(texts(list)).toContain('status of Fabrikam Analytics');
    expect(texts(list)).not.toContain('edit offer Fabrikam Analytics');
  });
});
