/**
 * Values that depend only on the locale (Intl objects, sorted choice lists, name → code tables)
 * are costly to build and never change: each is built on first use and kept, one per locale.
 * Callers must treat what they get as read-only.
 */
export function perLocale<T>(make: (locale: string) => T): (locale: string) => T {
  const made = new Map<string, T>();
  return (locale) => {
    if (!made.has(locale)) made.set(locale, make(locale));
    return made.get(locale) as T;
  };
}
