import { Translator } from '../../../services/i18n/catalog';

/** Intl separates groups and units with no-break spaces; written here as plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const at = '2026-03-05T14:30:00.000Z';

describe('dates, money and numbers in each language (Intl)', () => {
  it.each([
    ['en-US', 'Mar 5, 2026', '$250,000.00', '1,234,567.5'],
    ['zh-CN', '2026年3月5日', 'US$250,000.00', '1,234,567.5'],
    ['zh-TW', '2026年3月5日', 'US$250,000.00', '1,234,567.5'],
    ['pl-PL', '5 mar 2026', '250 000,00 USD', '1 234 567,5'],
  ])('%s: %s, %s, %s', (locale, date, usd, number) => {
    const tr = new Translator(locale);
    expect(plain(tr.date(at))).toBe(date);
    expect(plain(tr.money(250000, 'USD'))).toBe(usd);
    expect(plain(tr.number(1234567.5))).toBe(number);
  });

  it('Polish writes złoty after the amount with space-separated thousands and a decimal comma', () => {
    expect(plain(new Translator('pl-PL').money(1234567.5, 'PLN'))).toBe('1 234 567,50 zł');
  });

  it('Chinese writes the yuan and the New Taiwan dollar the local way', () => {
    expect(new Translator('zh-CN').money(1234.5, 'CNY')).toBe('¥1,234.50');
    expect(new Translator('zh-TW').money(1234.5, 'TWD')).toBe('$1,234.50');
  });

  it('date and time follow each language, in the time zone asked for', () => {
    expect(plain(new Translator('en-US').dateTime(at))).toBe('Mar 5, 2026, 2:30 PM');
    expect(new Translator('zh-CN').dateTime(at)).toBe('2026年3月5日 14:30');
    expect(new Translator('zh-CN').dateTime(at, 'Asia/Shanghai')).toBe('2026年3月5日 22:30');
    expect(new Translator('zh-TW').dateTime(at)).toBe('2026年3月5日 下午2:30');
    expect(new Translator('pl-PL').dateTime(at, 'Europe/Warsaw')).toBe('5 mar 2026, 15:30');
  });

  it('a language without a catalog formats like English', () => {
    expect(new Translator('xx-YY').money(5, 'EUR')).toBe('€5.00');
  });
});
