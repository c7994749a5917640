import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TEMPLATES } from '../../../cards/cardFactory';
import { DEFAULT_LOCALE, lookup, rawCatalog } from '../../../services/i18n/catalog';
import { catalogReferences, literalCatalogKeys, sourceViolations, templateViolations } from '../../helpers/userFacingText';

const ROOT = join(__dirname, '..', '..', '..');
const TEMPLATE_DIR = join(ROOT, 'cards', 'templates');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The code that talks to people: the bot, its dialogs and the card builders. */
const SOURCES = ['bot', 'dialogs', 'cards'].flatMap((d) => tsFiles(join(ROOT, d)));
const TEMPLATE_FILES = readdirSync(TEMPLATE_DIR).filter((f) => f.endsWith('.json'));
const show = (v: { file: string; line?: number; where: string; text: string }) =>
  `${relative(ROOT, v.file) || v.file}${v.line ? `:${v.line}` : ''} ${v.where} ${JSON.stringify(v.text)}`;

describe('no user-facing text outside the message catalogs', () => {
  it('finds the templates and sources it checks', () => {
    expect(TEMPLATE_FILES.length).toBeGreaterThanOrEqual(Object.keys(TEMPLATES).length);
    expect(SOURCES.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['bot/cosellBot.ts', 'dialogs/offerFormDialog.ts', 'cards/referralCards.ts']));
  });

  it.each(TEMPLATE_FILES)('card template %s shows only catalog and data bindings', (file) => {
    const template = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as unknown;
    expect(templateViolations(template, file).map(show)).toEqual([]);
  });

  it.each(TEMPLATE_FILES)('card template %s binds only to catalog keys that exist', (file) => {
    const template = JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as unknown;
    const english = rawCatalog(DEFAULT_LOCALE)!;
    expect(catalogReferences(template).filter((key) => typeof lookup(english, key) !== 'string')).toEqual([]);
  });

  it('no bot, dialog or card code sends words of its own', () => {
    const violations = SOURCES.flatMap((file) => sourceViolations(readFileSync(file, 'utf8'), file));
    expect(violations.map(show)).toEqual([]);
  });

  it('every catalog key written in the code exists', () => {
    const english = rawCatalog(DEFAULT_LOCALE)!;
    const missing = SOURCES.flatMap((file) =>
      literalCatalogKeys(readFileSync(file, 'utf8'), file)
        .filter(({ key }) => typeof lookup(english, key) !== 'string')
        .map(({ key, line }) => `${relative(ROOT, file)}:${line} ${key}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the hard-coded text scanner itself', () => {
  const found = (source: string) => sourceViolations(source, 'planted.ts').map((v) => v.text);

  it('catches text sent straight to the person, in every form', () => {
    expect(found(`await turn.sendActivity('Sorry, that did not work.');`)).toEqual(['Sorry, that did not work.']);
    expect(found('await ctx.sendActivity(`Saved ${name}.`);')).toEqual(['`Saved ${name}.`']);
    expect(found(`await turn.sendActivity(MessageFactory.text('Hello there'));`)).toEqual(['Hello there']);
    expect(found(`await turn.sendActivity(MessageFactory.suggestedActions(['Yes', 'No'], tr.t('a.b')));`)).toEqual(['Yes', 'No']);
    expect(found(`await turn.sendActivity(MessageFactory.attachment(card, 'Here is your card'));`)).toEqual(['Here is your card']);
    expect(found(`await turn.sendActivity(ok ? tr.t('a.ok') : 'Failed');`)).toEqual(['Failed']);
    expect(found(`await turn.sendActivity(tr.t('a.b') + ' Please retry.');`)).toEqual([' Please retry.']);
    expect(found(`await turn.sendActivity(['**Roles**', ...lines].join('\\n'));`)).toEqual(['**Roles**']);
    expect(found(`const hello = 'Welcome aboard'; await turn.sendActivity(hello);`)).toEqual(['Welcome aboard']);
    expect(found(`await turn.sendActivity({ type: 'message', text: 'Done!' });`)).toEqual(['Done!']);
    expect(found(`const text = 'Pick one'; await turn.sendActivity({ type: 'message', text });`)).toEqual(['Pick one']);
    expect(found(`return dc.prompt('textPrompt', 'What is the customer called?');`)).toEqual(['What is the customer called?']);
    expect(found(`return step.prompt(TEXT, { prompt: 'Deal name?', retryPrompt: tr.t('deals.retry') });`)).toEqual(['Deal name?']);
    expect(found(`return errorResponse(403, 'otherTenant', 'Not yours');`)).toEqual(['Not yours']);
    expect(found(`await turn.sendActivity('完成了');`)).toEqual(['完成了']);
  });

  it('catches words in card data and card actions built in code', () => {
    expect(found(`const actions = [{ title: 'Status', command: 'status of x' }];`)).toEqual(['Status']);
    expect(found(`expandCard('x', { facts: [{ title: tr.t('a.b'), value }], label: 'Offer name' }, tr);`)).toEqual(['Offer name']);
    expect(found(`const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Hi' }] };`)).toEqual(['Hi']);
    expect(found(`const c = { placeholder: 'Type here', errorMessage: 'Required', altText: 'Logo' };`)).toEqual(['Type here', 'Required', 'Logo']);
  });

  it('lets catalog lookups, data, ids, commands and punctuation through', () => {
    const clean = [
      `await turn.sendActivity(tr.t('common.cancelled'));`,
      `await turn.sendActivity(tr.t(cancelled ? 'common.cancelled' : 'common.nothingToCancel', { text }));`,
      'await turn.sendActivity(`**${tr.t(\'roles.list.title\')}**`);',
      `await turn.sendActivity({ type: 'message', text, textFormat: 'markdown', attachments: [{ contentType: 'text/csv', name: file.name }] });`,
      `await turn.sendActivity(cardActivity(offerPickCard(tr.t('offers.pick.all'), all, command, tr)));`,
      'const subtitle = { subtitle: `${tr.t(\'a.b\')} · ${tr.t(\'a.c\')}` };',
      `const buttons = [{ title: offer.name, command: \`edit offer \${offer.name}\` }];`,
      `await dc.prompt('textPrompt', { prompt: tr.t('deals.customer.prompt') });`,
      `return errorResponse(400, 'badRequest', translatorFor(turn).t('referrals.errors.unknownVerb'));`,
      `logger.error('could not tell the user about the error', { requestId });`,
      `throw new Error('Unknown card template');`,
      `const line = { text: '•' };`,
      `const title = z.string().max(200).optional();`,
    ];
    expect(clean.flatMap(found)).toEqual([]);
  });

  it('finds words in templates outside bindings, and inside a binding only when quoted', () => {
    const template = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: '${t.help.title}' },
        { type: 'TextBlock', text: 'Hard-coded heading' },
        { type: 'TextBlock', text: '- ${text}' },
        { type: 'TextBlock', text: "${if(favorite, 'Yes', 'No')}" },
        { type: 'TextBlock', text: "${if(favorite, '♥', '♡')}" },
        { type: 'FactSet', facts: [{ title: '${title}', value: 'Pending' }] },
        { type: 'Input.Text', id: 'name', label: 'Name', placeholder: '${t.x.y}', value: '${values.name}' },
        { type: 'Input.Toggle', id: 'ok', title: '${t.x.z}', valueOn: 'true', valueOff: 'false' },
        { type: 'Input.ChoiceSet', id: 'c', choices: [{ title: 'Other', value: 'other' }] },
        { type: 'RichTextBlock', inlines: ['Plain words', { type: 'TextRun', text: '${a}' }] },
      ],
      actions: [{ type: 'Action.Submit', title: '${t.help.commands.help.title}', data: { msteams: { type: 'imBack', value: 'help' } } }],
    };
    expect(templateViolations(template, 'planted.json').map((v) => `${v.where} ${v.text}`)).toEqual([
      '$.body[1].text Hard-coded heading',
      "$.body[3].text ${if(favorite, 'Yes', 'No')}",
      '$.body[5].facts[0].value Pending',
      '$.body[6].label Name',
      '$.body[8].choices[0].title Other',
      '$.body[9].inlines[0] Plain words',
    ]);
    expect(catalogReferences(template).sort()).toEqual(['help.commands.help.title', 'help.title', 'x.y', 'x.z']);
  });

  it('collects literal catalog keys, including both branches of a choice', () => {
    const keys = literalCatalogKeys(`tr.t('a.b'); ctx.tr.t(ok ? 'c.d' : 'e.f', { x }); tr.t(\`g.\${h}\`);`, 'planted.ts').map((k) => k.key);
    expect(keys).toEqual(['a.b', 'c.d', 'e.f']);
  });
});
