import { SlidingWindowLimiter, TEAMS_RATE_LIMITS, TeamsSendLimiter } from '../../../services/notifications/rateLimiter';

/** Repeatable pseudo-random numbers in [0, 1). */
function numbers(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** Checks that a list of send times never exceeds any window. */
function violates(times: number[], windows: Array<{ limit: number; perMs: number }>): boolean {
  const sorted = [...times].sort((a, b) => a - b);
  return windows.some((w) => sorted.some((t, i) => sorted.filter((u, j) => j >= i && u < t + w.perMs).length > w.limit));
}

describe('Teams send rate limits', () => {
  it('lets a burst of 7 go at once in one conversation, then spaces the rest to fit every window', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_RATE_LIMITS.perConversation);
    const times = Array.from({ length: 70 }, () => limiter.reserve('conv', 0));
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(times[7]).toBe(1_000);
    expect(violates(times, TEAMS_RATE_LIMITS.perConversation)).toBe(false);
    // 60 per 30 s: the 61st send waits for the first to be 30 s old.
    expect(times[60]).toBe(30_000);
  });

  it('keeps conversations independent but the tenant to 50 per second', () => {
    const limiter = new TeamsSendLimiter(TEAMS_RATE_LIMITS, { margin: 0, tenantBurstParts: 1 });
    const times = Array.from({ length: 120 }, (_, i) => limiter.reserve('tenant', `conv-${i}`, 0));
    expect(times.filter((t) => t === 0)).toHaveLength(50);
    expect(violates(times, TEAMS_RATE_LIMITS.perTenant)).toBe(false);
    expect(Math.max(...times)).toBe(2_000);
  });

  it('never drops a send: every reservation gets a time', () => {
    const limiter = new TeamsSendLimiter();
    const times = Array.from({ length: 500 }, (_, i) => limiter.reserve('t', `c${i % 3}`, i * 10));
    expect(times.every((t) => Number.isFinite(t))).toBe(true);
    for (const c of [0, 1, 2]) {
      const mine = times.filter((_, i) => i % 3 === c);
      expect(violates(mine, TEAMS_RATE_LIMITS.perConversation)).toBe(false);
    }
  });

  it('paces every window a few per cent longer, so posts arriving a little late still fit Teams\' windows', () => {
    const reserve = (margin: number) => {
      const limiter = new TeamsSendLimiter(TEAMS_RATE_LIMITS, { margin, tenantBurstParts: 1 });
      return Array.from({ length: 300 }, (_, i) => limiter.reserve('tenant', `conv-${i}`, 0));
    };
    const paced = reserve(0.05);
    expect(paced.filter((t) => t === 0)).toHaveLength(50);
    expect(paced[50]).toBe(1_050); // the first post's window, 5 % longer
    expect(Math.max(...paced)).toBe(5 * 1_050);
    // Each post arrives up to 40 ms after its reserved time (the event loop was busy, a burst went first).
    const late = numbers(7);
    const arrivals = (times: number[]) => times.map((t) => t + Math.floor(late() * 40));
    expect(violates(arrivals(paced), TEAMS_RATE_LIMITS.perTenant)).toBe(false);
    // Without the margin the same lateness does overshoot a window.
    expect(violates(arrivals(reserve(0)), TEAMS_RATE_LIMITS.perTenant)).toBe(true);
  });

  it('sends a tenant\'s posts in bursts of a fifth of its limit, at the same long-run rate', () => {
    const limiter = new TeamsSendLimiter(TEAMS_RATE_LIMITS, { margin: 0 });
    const times = Array.from({ length: 250 }, (_, i) => limiter.reserve('tenant', `conv-${i}`, 0));
    const atOnce = new Map<number, number>();
    for (const t of times) atOnce.set(t, (atOnce.get(t) ?? 0) + 1);
    expect(Math.max(...atOnce.values())).toBe(10);
    expect(times.slice(0, 50).every((t) => t < 1_000)).toBe(true); // still 50 in the first second
    expect(violates(times, [...TEAMS_RATE_LIMITS.perTenant, { limit: 10, perMs: 200 }])).toBe(false);
    expect(Math.max(...times)).toBe(4_800); // 250 posts: five seconds' worth, the last burst at 4.8 s
  });

  it('refuses a negative margin', () => {
    expect(() => new TeamsSendLimiter(TEAMS_RATE_LIMITS, { margin: -0.1 })).toThrow(RangeError);
  });
});
