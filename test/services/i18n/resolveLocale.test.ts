import { resolveLocale, Translator } from '../../../services/i18n/catalog';

describe('choosing the language from the activity locale', () => {
  it.each([
    ['en-US', 'en-US'],
    ['en-GB', 'en-US'],
    ['en', 'en-US'],
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-tw', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['pl', 'pl-PL'],
    ['pl-PL', 'pl-PL'],
    ['pl-pl', 'pl-PL'],
    ['de-DE', 'en-US'],
    ['fr', 'en-US'],
    ['ja-JP', 'en-US'],
    ['not a locale!', 'en-US'],
    ['', 'en-US'],
    [undefined, 'en-US'],
  ])('%s reads %s', (requested, expected) => {
    expect(resolveLocale(requested)).toBe(expected);
    expect(new Translator(requested).locale).toBe(expected);
  });

  it('a language without a catalog reads English', () => {
    expect(new Translator('de-DE').t('help.title')).toBe('What I can do');
  });
});
