import { isWord, numbersIn, wordAndNumber, type Word } from '../../dialogs/flow/turnInput';
import { Translator } from '../../services/i18n/catalog';

/** What people type during a question (back, skip, yes…) is understood in their language and in English. */
describe('words typed during the new-deal conversation, in each language', () => {
  it.each<[string, string, Word]>([
    ['pl-PL', 'wstecz', 'back'],
    ['pl-PL', 'Pomiń', 'skip'],
    ['pl-PL', 'gotowe!', 'done'],
    ['pl-PL', 'tak', 'yes'],
    ['pl-PL', 'jeszcze nie', 'no'],
    ['pl-PL', 'wpisz ręcznie', 'manual'],
    ['pl-PL', 'anuluj', 'cancel'],
    ['zh-CN', '返回', 'back'],
    ['zh-CN', '跳过', 'skip'],
    ['zh-CN', '好的。', 'yes'],
    ['zh-CN', '没有', 'no'],
    ['zh-CN', '？', 'help'],
    ['zh-CN', '创建', 'create'],
    ['zh-TW', '說明', 'help'],
    ['zh-TW', '沒有', 'no'],
    ['zh-TW', '建立', 'create'],
    ['zh-TW', '手動輸入', 'manual'],
  ])('%s: "%s" means %s', (locale, text, word) => {
    expect(isWord(new Translator(locale), word, text)).toBe(true);
  });

  it.each(['zh-CN', 'zh-TW', 'pl-PL'])('%s still understands the English words', (locale) => {
    const tr = new Translator(locale);
    expect((['back', 'help', 'cancel', 'skip', 'done', 'yes', 'no', 'create', 'edit', 'manual', 'remove'] as Word[]).filter((w) => !isWord(tr, w, w))).toEqual([]);
    expect(isWord(tr, 'yes', 'Yes.')).toBe(true);
  });

  it('a word of another language, or of another meaning, is not taken', () => {
    expect(isWord(new Translator('en-US'), 'yes', 'tak')).toBe(false);
    expect(isWord(new Translator('zh-CN'), 'yes', 'tak')).toBe(false);
    expect(isWord(new Translator('pl-PL'), 'yes', '是')).toBe(false);
    // "没有" answers a yes/no question; it must not skip it.
    expect(isWord(new Translator('zh-CN'), 'skip', '没有')).toBe(false);
  });

  it('reads numbers as Chinese input methods write them', () => {
    expect(numbersIn('1，7')).toEqual([1, 7]);
    expect(numbersIn('1、3、5')).toEqual([1, 3, 5]);
    expect(numbersIn('1, 7 9')).toEqual([1, 7, 9]);
    expect(numbersIn('1，a')).toBeUndefined();
  });

  it('reads "edit 2", "edytuj 2" and "修改2" (no space in Chinese) as a word and a number', () => {
    expect(wordAndNumber('edit 2')).toEqual({ word: 'edit', number: 2 });
    expect(wordAndNumber('edytuj 12')).toEqual({ word: 'edytuj', number: 12 });
    expect(wordAndNumber('修改2')).toEqual({ word: '修改', number: 2 });
    expect(wordAndNumber('2')).toBeUndefined();
    expect(wordAndNumber('edit two')).toBeUndefined();
  });
});
