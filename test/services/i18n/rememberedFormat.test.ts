import fc from 'fast-check';
import { Translator } from '../../../services/i18n/catalog';
import { RememberedDateFormat, RememberedFormat } from '../../../services/i18n/rememberedFormat';

const ZONES = ['UTC', 'Europe/Warsaw', 'Asia/Shanghai', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham', 'America/Los_Angeles'];
const LOCALES = ['en-US', 'zh-CN', 'pl-PL'];
/** 1970 to 2100: the dates a deal or a referral can carry. */
const instant = fc.integer({ min: 0, max: 4_102_444_800_000 });

describe('remembered formats (Intl results kept per formatter)', () => {
  it('write exactly what Intl writes, for any instant, time zone and language', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...LOCALES), (ms, timeZone, locale) => {
        const tr = new Translator(locale);
        const at = new Date(ms);
        // Twice: the second answer comes from what was kept.
        for (let i = 0; i < 2; i++) {
          expect(tr.date(at, timeZone)).toBe(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(at));
          expect(tr.dateTime(at, timeZone)).toBe(new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('instants around midnight UTC fall on their own day', () => {
    const tr = new Translator('en-US');
    expect(tr.date('2026-03-05T23:59:59.999Z')).toBe('Mar 5, 2026');
    expect(tr.date('2026-03-06T00:00:00.000Z')).toBe('Mar 6, 2026');
    expect(tr.date('2026-03-05T23:59:59.999Z')).toBe('Mar 5, 2026');
    expect(tr.date('2026-03-06T00:30:00.000+01:00')).toBe('Mar 5, 2026');
  });

  it('money, numbers and regions read the same the second time, and an unknown region stays its code', () => {
    const tr = new Translator('pl-PL');
    const first = [tr.money(1234.5, 'PLN'), tr.number(42.5), tr.region('DE')];
    expect([tr.money(1234.5, 'PLN'), tr.number(42.5), tr.region('DE')]).toEqual(first);
    expect(first[2]).toBe('Niemcy');
    expect(tr.region('not-a-region')).toBe('not-a-region');
  });

  it('an invalid date fails as Intl fails, and is not kept', () => {
    const tr = new Translator('en-US');
    expect(() => tr.date('not a date')).toThrow(RangeError);
    expect(() => tr.dateTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('asks Intl once per value, and starts again when full', () => {
    const inner = { format: jest.fn((n: number) => `#${n}`) };
    const f = new RememberedFormat(inner, 3);
    expect([f.format(1), f.format(2), f.format(1), f.format(3), f.format(2)]).toEqual(['#1', '#2', '#1', '#3', '#2']);
    expect(inner.format).toHaveBeenCalledTimes(3);
    f.format(4); // full: forgets 1–3
    f.format(1);
    expect(inner.format).toHaveBeenCalledTimes(5);
  });

  it('a date format asks Intl once per minute (once per day for calendar dates in UTC)', () => {
    const inner = { format: jest.fn((d: Date) => d.toISOString()) };
    const minutes = new RememberedDateFormat(inner, { dateOnly: false, utc: true });
    minutes.format(new Date('2026-03-05T14:30:01Z'));
    expect(minutes.format(new Date('2026-03-05T14:30:59Z'))).toBe('2026-03-05T14:30:00.000Z');
    minutes.format(new Date('2026-03-05T14:31:00Z'));
    expect(inner.format).toHaveBeenCalledTimes(2);
    const days = new RememberedDateFormat(inner, { dateOnly: true, utc: true });
    days.format(new Date('2026-03-05T00:00:00Z'));
    days.format(new Date('2026-03-05T23:59:59Z'));
    expect(inner.format).toHaveBeenCalledTimes(3);
  });
});
