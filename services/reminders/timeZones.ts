/** Time-zone arithmetic with Intl only (no tz database of our own). */

/** The offset (ms) of `timeZone` from UTC at the instant `at`. */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The calendar date (y, m 1-12, d) that `at` falls on in `timeZone`. */
export function localDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const local = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

/** The instant when the wall clock in `timeZone` shows y-m-d hh:00. */
export function zonedTime(y: number, m: number, d: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d, hour);
  let at = guess - zoneOffsetMs(new Date(guess), timeZone);
  // Once more, in case the offset differs at the corrected instant (daylight-saving changes).
  at = guess - zoneOffsetMs(new Date(at), timeZone);
  return new Date(at);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
