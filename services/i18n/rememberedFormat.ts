/**
 * Intl formatting goes through ICU and costs microseconds a call, and cards format the same few
 * values over and over: a deal's value, dates and country on every redraw, each viewer's refresh,
 * every reminder. So each formatter remembers what it recently wrote. Bounded: a full memory
 * starts again (values come from data, so their number has no limit of its own).
 */
export const REMEMBERED_LIMIT = 2_000;

export interface Format<V> {
  format(value: V): string;
}

export class RememberedFormat<V extends string | number> implements Format<V> {
  private readonly written = new Map<V, string>();

  constructor(
    private readonly inner: Format<V>,
    private readonly limit: number = REMEMBERED_LIMIT,
  ) {}

  format(value: V): string {
    let text = this.written.get(value);
    if (text === undefined) {
      text = this.inner.format(value);
      if (this.written.size >= this.limit) this.written.clear();
      this.written.set(value, text);
    }
    return text;
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * A date or date-and-time format, remembered by the period it shows: every instant of the same
 * minute reads the same (time zones are whole minutes off UTC), and a calendar date in UTC is the
 * same all day. An invalid date is passed through, so it fails as Intl fails.
 */
export class RememberedDateFormat implements Format<Date> {
  private readonly byPeriod: RememberedFormat<number>;
  private readonly periodMs: number;

  constructor(
    private readonly inner: Format<Date>,
    shows: { dateOnly: boolean; utc: boolean },
    limit: number = REMEMBERED_LIMIT,
  ) {
    this.periodMs = shows.dateOnly && shows.utc ? DAY_MS : MINUTE_MS;
    this.byPeriod = new RememberedFormat(
      { format: (start: number) => inner.format(new Date(start)) },
      limit,
    );
  }

  format(value: Date): string {
    const ms = value.getTime();
    if (!Number.isFinite(ms)) return this.inner.format(value);
    return this.byPeriod.format(Math.floor(ms / this.periodMs) * this.periodMs);
  }
}
