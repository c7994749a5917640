import { SlidingWindowLimiter, TEAMS_RATE_LIMITS, TeamsSendLimiter } from '../../../services/notifications/rateLimiter';

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
    const limiter = new TeamsSendLimiter();
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
});
