import { systemClock } from '../../../services/clock';
import { RoleService } from '../../../services/roles/roleService';
import { TEAMS_FILE_DOWNLOAD } from '../../../bot/files/incomingFiles';
import { cardProblems } from '../../helpers/adaptiveCards';
import { cardsOf, conversation, textOf, texts } from '../../helpers/botConversation';
import { startBot, type StartedBot } from '../../helpers/botServer';
import { LocalFileServer } from '../../helpers/fileServer';
import { LocalConnector } from '../../helpers/localConnector';

const TENANT = '11111111-2222-3333-4444-555555555555';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2_000, 32)]);

const offerSubmit = (name: string, extra: Record<string, string> = {}) => ({
  form: 'offerForm',
  action: 'save',
  name,
  offerType: 'consultingService',
  solutionType: 'Services',
  published: 'true',
  businessProfileComplete: 'true',
  cspOptIn: 'false',
  transactable: 'false',
  platforms: 'azure',
  segments: 'enterprise',
  area1: 'appsInfrastructure',
  subAreas1: 'cloudMigration',
  markets: 'US',
  ...extra,
});

describe('offer conversations: edits, organisation facts, documents, lists', () => {
  let connector: LocalConnector;
  let files: LocalFileServer;
  let bot: StartedBot;
  let chat = 0;
  const open = () => conversation(bot, connector, `a:dialogs-${++chat}`);

  beforeAll(async () => {
    connector = new LocalConnector();
    await connector.start();
    files = new LocalFileServer();
    await files.start();
    bot = await startBot();
    await new RoleService(bot.app.store, systemClock).ensureFirstAdmin(TENANT, { userId: 'aad-user-1' });
    const c = open();
    for (const name of ['Contoso Migration Services', 'Contoso Managed Cloud', 'Woodgrove Insights']) {
      await c.message('new offer');
      expect(textOf(await c.submit(offerSubmit(name)))).toContain(`Saved **${name}**`);
    }
  });
  afterAll(async () => {
    await bot.stop();
    await files.stop();
    await connector.stop();
  });

  it('refuses a second offer with the same name, keeping the form open', async () => {
    const c = open();
    await c.message('new offer');
    const again = await c.submit(offerSubmit('contoso managed CLOUD'));
    expect(texts(cardsOf(again))).toContain('- Offer name: another offer is already called "contoso managed CLOUD". Choose a different name.');
    expect(textOf(await c.message('cancel'))).toContain('Cancelled');
  });

  it('edits an offer; a form drawn before someone else saved is refused and redrawn from the current version', async () => {
    const first = open();
    const second = open();
    const formA = cardsOf(await first.message('edit offer Woodgrove Insights'))[0]!;
    expect(cardProblems(formA.content)).toEqual([]);
    await second.message('edit offer Woodgrove Insights');
    expect(textOf(await second.submit(offerSubmit('Woodgrove Insights', { markets: 'US, GB' })))).toContain('Saved the changes to **Woodgrove Insights**');

    const stale = await first.submit(offerSubmit('Woodgrove Insights', { markets: 'US, FR' }));
    const redrawn = texts(cardsOf(stale));
    expect(redrawn.join('\n')).toContain('Someone changed **Woodgrove Insights** while you were editing');
    expect(redrawn).toContain('US, GB');
    expect(textOf(await first.submit(offerSubmit('Woodgrove Insights', { markets: 'US, GB, FR' })))).toContain('Saved the changes');
    expect(texts(cardsOf(await open().message('status of woodgrove'))).join('\n')).toContain('Add contacts for: United States of America (US), United Kingdom (GB), France (FR).');
  });

  it('asks which offer when a name matches several, with a button for each', async () => {
    const pick = cardsOf(await open().message('status of contoso'))[0]!;
    expect(cardProblems(pick.content)).toEqual([]);
    expect(texts(pick.content)).toEqual(expect.arrayContaining(['status of Contoso Managed Cloud', 'status of Contoso Migration Services']));
    expect(textOf(await open().message('status of fabrikam'))).toContain('I found no offer called "fabrikam"');
  });

  it('records the organisation facts; a services offer then needs only its materials', async () => {
    const c = open();
    const before = texts(cardsOf(await c.message('status of Contoso Migration Services'))).join('\n');
    expect(before).toContain('❌ An active Gold competency (services)');

    expect(cardProblems(cardsOf(await c.message('org facts'))[0]?.content)).toEqual([]);
    const invalid = await c.submit({ form: 'orgFacts', action: 'save', acrTtmUsd: 'lots', billedRevenueTtmUsd: '0', goldCompetency: 'true', isvConnectPremium: 'false' });
    expect(texts(cardsOf(invalid))).toContain('Give the revenues as numbers of 0 or more (USD), then select Save again.');
    const saved = await c.submit({ form: 'orgFacts', action: 'save', acrTtmUsd: '250,000', billedRevenueTtmUsd: '0', goldCompetency: 'true', isvConnectPremium: 'false' });
    expect(textOf(saved)).toContain('Saved the organisation facts.');
    expect(texts(cardsOf(saved))).toContain('$250,000.00');

    expect(texts(cardsOf(await c.message('status of Contoso Migration Services'))).join('\n')).toContain('✅ An active Gold competency (services)');
    const viewer = { from: { id: '29:user-2', name: 'Val', aadObjectId: 'aad-user-2' } };
    const view = cardsOf(await c.message('org facts', viewer))[0]!;
    expect(texts(view.content)).toContain('$250,000.00');
    expect(texts(view.content)).not.toContain('acrTtmUsd');
  });

  it('adds documents as links and as files sent in Teams, and removes them', async () => {
    const c = open();
    await c.message('add document Contoso Managed Cloud');
    const badLink = await c.submit({ form: 'documentForm', action: 'save', kind: 'externalUrl', url: 'http://contoso.example' });
    expect(texts(cardsOf(badLink))).toContain('That is not a https:// link. Give the full address, such as https://www.contoso.com/solution.');
    const link = await c.submit({ form: 'documentForm', action: 'save', kind: 'externalUrl', url: 'https://contoso.example/cloud', title: 'Product page' });
    expect(textOf(link)).toContain('Added the External reference URL (solution landing page) to **Contoso Managed Cloud**.');

    await c.message('add document Contoso Managed Cloud');
    expect(textOf(await c.submit({ form: 'documentForm', action: 'save', kind: 'onePager' }))).toContain('Send the Customer one-pager file now (pdf, docx, pptx; up to 20 MB)');
    const exe = { contentType: TEAMS_FILE_DOWNLOAD, name: 'setup.exe', content: { downloadUrl: files.serve('/setup.exe', { body: 'MZ' }), fileType: 'exe' } };
    expect(textOf(await c.message('', { attachments: [exe] }))).toContain('A Customer one-pager cannot be a .exe file. Use one of: pdf, docx, pptx.');
    const pdf = { contentType: TEAMS_FILE_DOWNLOAD, name: 'One pager.pdf', content: { downloadUrl: files.serve('/one-pager.pdf', { body: PDF }), fileType: 'pdf' } };
    const added = await c.message('', { attachments: [pdf] });
    expect(textOf(added)).toContain('Added the Customer one-pager to **Contoso Managed Cloud**.');
    const card = cardsOf(added)[0]!;
    expect(cardProblems(card.content)).toEqual([]);
    expect(texts(card.content)).toEqual(expect.arrayContaining(['One pager.pdf · PDF · 2 KB', '[Product page](https://contoso.example/cloud)', 'remove document Contoso Managed Cloud #1']));

    const removed = await c.message('remove document Contoso Managed Cloud #1');
    expect(textOf(removed)).toContain('Removed One pager.pdf from **Contoso Managed Cloud**.');
    expect(texts(cardsOf(await c.message('documents Contoso Managed Cloud')))).not.toContain('One pager.pdf · PDF · 2 KB');
  });

  it('takes a document sent with no words: which offer, which document', async () => {
    const c = open();
    const file = { contentType: TEAMS_FILE_DOWNLOAD, name: 'Case study.pdf', content: { downloadUrl: files.serve('/case.pdf', { body: PDF }), fileType: 'pdf' } };
    const form = cardsOf(await c.message('', { attachments: [file] }))[0]!;
    expect(cardProblems(form.content)).toEqual([]);
    expect(texts(form.content).join('\n')).toContain('I got **Case study.pdf**');
    const missing = await c.submit({ form: 'documentForm', action: 'save', kind: 'caseStudy' });
    expect(texts(cardsOf(missing))).toContain('Pick the offer.');
    const inputs = form.content.body as Array<{ id?: string; choices?: Array<{ title: string; value: string }> }>;
    const offerId = inputs.find((b) => b.id === 'offerId')?.choices?.find((ch) => ch.title === 'Woodgrove Insights')?.value ?? '';
    expect(offerId).not.toBe('');
    expect(textOf(await c.submit({ form: 'documentForm', action: 'save', kind: 'caseStudy', offerId }))).toContain('Added the Customer case study to **Woodgrove Insights**.');
  });

  it('lists offers a page at a time, the More button typing the next page', async () => {
    const c = open();
    for (let i = 0; i < 21; i++) {
      await c.message('new offer');
      await c.submit(offerSubmit(`Zeta offer ${String(i).padStart(2, '0')}`));
    }
    const first = cardsOf(await c.message('offers'))[0]!;
    expect(cardProblems(first.content)).toEqual([]);
    const more = texts(first.content).find((t) => t.startsWith('offers after '));
    expect(more).toBe('offers after Zeta offer 16');
    const second = texts(cardsOf(await c.message(more!))[0]!.content);
    expect(second).toEqual(expect.arrayContaining(['Zeta offer 17', 'Zeta offer 20']));
    expect(second).not.toContain('Zeta offer 16');
    expect(second.some((t) => t.startsWith('offers after '))).toBe(false);
  });
});
