import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLocalesDir, loadCatalogs, mergeTrees, supportedLocales, Translator } from '../../../services/i18n/catalog';

/** A scratch package: package.json, and locales/<locale>/<namespace>.json from `files`. */
function scratchPackage(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'catalogs-'));
  writeFileSync(join(root, 'package.json'), '{}');
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, 'locales', path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

describe('loading the message catalogs from locales/', () => {
  const roots: string[] = [];
  const scratch = (files: Record<string, unknown>) => {
    const root = scratchPackage(files);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('discovers every locale folder and namespace file, with no code change', () => {
    const root = scratch({
      'en-US/common.json': { hello: 'Hello {name}' },
      'en-US/deals.json': { customer: { prompt: 'Which customer?' } },
      'de-DE/common.json': { hello: 'Hallo {name}' },
      'en-US/notes.txt': 'not a catalog',
    });
    const catalogs = loadCatalogs(join(root, 'locales'));
    expect(Object.keys(catalogs).sort()).toEqual(['de-DE', 'en-US']);
    expect(catalogs['en-US']).toEqual({ common: { hello: 'Hello {name}' }, deals: { customer: { prompt: 'Which customer?' } } });
  });

  it('the running bot found the real catalogs: all four languages', () => {
    expect(supportedLocales().sort()).toEqual(['en-US', 'pl-PL', 'zh-CN', 'zh-TW']);
    expect(new Translator('pl-PL').t('help.title')).toBe('Co mogę zrobić');
  });

  it('refuses a file that is not nested objects of strings, naming the file and the key', () => {
    const root = scratch({ 'en-US/common.json': { ok: 'fine', count: 3, nested: { list: ['a'] } } });
    expect(() => loadCatalogs(join(root, 'locales'))).toThrow(/common\.json.*common\.count.*common\.nested\.list/s);
  });

  it('refuses a file that is not JSON', () => {
    const root = scratch({ 'en-US/common.json': '{ "a": ' });
    expect(() => loadCatalogs(join(root, 'locales'))).toThrow(/common\.json: not valid JSON/);
  });

  it('refuses a locale folder that is not a canonical language tag, and a package without English', () => {
    expect(() => loadCatalogs(join(scratch({ 'en-US/a.json': {}, 'zh-cn/a.json': {} }), 'locales'))).toThrow(/zh-cn.*canonical.*zh-CN/);
    expect(() => loadCatalogs(join(scratch({ 'pl-PL/a.json': {} }), 'locales'))).toThrow(/en-US catalog is missing/);
  });

  it('finds the locales folder beside package.json from anywhere below it, ignoring a stale copy in dist/', () => {
    const root = scratch({ 'en-US/a.json': { x: 'y' }, '../dist/locales/en-US/a.json': { x: 'stale' } });
    const deep = join(root, 'dist', 'services', 'i18n');
    mkdirSync(deep, { recursive: true });
    expect(findLocalesDir(deep)).toBe(join(root, 'locales'));
    expect(findLocalesDir(root)).toBe(join(root, 'locales'));
    expect(() => findLocalesDir(mkdtempSync(join(tmpdir(), 'no-package-')))).toThrow(/No locales folder/);
  });

  it('fills what a language lacks from English, key by key (what card templates read)', () => {
    const en = { help: { title: 'What I can do', intro: 'Pick an action' }, common: { cancelled: 'Cancelled' } };
    const pl = { help: { title: 'Co mogę zrobić' } };
    expect(mergeTrees(en, pl)).toEqual({ help: { title: 'Co mogę zrobić', intro: 'Pick an action' }, common: { cancelled: 'Cancelled' } });
    expect(en.help.title).toBe('What I can do');
  });

  it('a translator reads its language, and shows a key nobody defined as the key itself', () => {
    const tr = new Translator('zh-TW');
    expect(tr.t('common.unknownCommand', { text: 'xyz' })).toBe('抱歉，我不太懂「xyz」的意思。輸入 **help** 即可查看我能做什麼。');
    expect(tr.t('common.noSuchKey')).toBe('common.noSuchKey');
    expect((tr.strings().help as Record<string, unknown>).title).toBe('我能做什麼');
  });
});
