import { isValidInternationalPhone, joinName, normalisePhone, splitName } from '../../../services/deals/contactRules';

describe('contact rules', () => {
  it('reads phone numbers as typed, in the country given when there is no prefix', () => {
    expect(normalisePhone('206 555 0100', 'US')).toBe('+1 206 555 0100');
    expect(normalisePhone('089 1234567', 'DE')).toBe('+49 89 1234567');
    expect(normalisePhone('+44 20 7946 0958', 'US')).toBe('+44 20 7946 0958');
    expect(normalisePhone('(206) 555-0100', 'US')).toBe('+1 206 555 0100');
  });

  it('refuses what is not a phone number of its country', () => {
    expect(normalisePhone('555', 'US')).toBeUndefined();
    expect(normalisePhone('call me', 'US')).toBeUndefined();
    expect(normalisePhone('206 555 0100')).toBeUndefined();
    expect(normalisePhone('206 555 0100', 'not-a-country')).toBeUndefined();
    expect(isValidInternationalPhone('+1 206 555 0100')).toBe(true);
    expect(isValidInternationalPhone('206 555 0100')).toBe(false);
  });

  it('splits a full name into first and last name, and joins them back', () => {
    expect(splitName('Mary Ann Smith')).toEqual({ firstName: 'Mary Ann', lastName: 'Smith' });
    expect(splitName('  Cher ')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(joinName({ firstName: 'Mary Ann', lastName: 'Smith' })).toBe('Mary Ann Smith');
    expect(joinName({ firstName: 'Cher', lastName: '' })).toBe('Cher');
  });
});
